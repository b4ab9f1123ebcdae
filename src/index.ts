import { app } from "./app.ts";
import { runHourlyJob } from "./jobs/hourly.ts";
import { consumeOutboxQueue, type OutboxMessage } from "./outbox/queue-consumer.ts";

export default {
  fetch: app.fetch,
  /** The hourly cron (src/jobs/hourly.ts). */
  scheduled: runHourlyJob,
  /** The outbox queue and its dead-letter queue: webhook deliveries and emails. */
  async queue(batch, env) {
    await consumeOutboxQueue(batch as MessageBatch<OutboxMessage>, env);
  },
} satisfies ExportedHandler<Env>;
