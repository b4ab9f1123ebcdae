import { app } from "./app.ts";
import { runHourlyJob } from "./jobs/hourly.ts";
import { consumeOutboxQueue } from "./outbox/consumer.ts";

export default {
  fetch: app.fetch,
  /** The hourly cron (src/jobs/hourly.ts). */
  scheduled: runHourlyJob,
  /** The outbox queue and its dead-letter queue: every channel's messages (src/outbox/consumer.ts). */
  async queue(batch, env) {
    await consumeOutboxQueue(batch, env);
  },
} satisfies ExportedHandler<Env>;
