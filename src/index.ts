import { app } from "./app.ts";
import { createDatabase } from "./db/client.ts";
import { queueCertificationReminders, reminderDays } from "./jobs/certification-reminders.ts";
import { pruneImportChunks } from "./jobs/prune-import-chunks.ts";
import { pruneWebhookRecords } from "./jobs/prune-webhook-records.ts";
import { refreshMentorStatuses } from "./jobs/refresh-mentor-statuses.ts";
import { certWarningDays } from "./peer-mentors/status-rules.ts";
import { deliverWebhooks } from "./webhooks/deliver.ts";
import {
  dispatchEvents,
  dispatchStrandedEvents,
  type DeliveryMessage,
} from "./webhooks/dispatch.ts";

export default {
  fetch: app.fetch,

  /**
   * Hourly (wrangler.toml [triggers]): keeps every mentor's stored status
   * true to the clock, writes the certification reminders that fell due, and
   * puts both kinds of event on the webhook queue.
   */
  async scheduled(controller, env) {
    const db = createDatabase(env.DB);
    const now = new Date(controller.scheduledTime);
    const { eventIds: statusEvents, ...report } = await refreshMentorStatuses(
      db,
      now,
      certWarningDays(env),
    );
    const reminderEvents = await queueCertificationReminders(db, now, reminderDays(env));
    const queue = env.WEBHOOK_QUEUE as Queue<DeliveryMessage>;
    await dispatchEvents(db, queue, [...statusEvents, ...reminderEvents], now);
    const stranded = await dispatchStrandedEvents(db, queue, now);
    await pruneWebhookRecords(db, now);
    await pruneImportChunks(db, now);
    console.log(
      JSON.stringify({
        event: "mentor_status_refresh",
        cron: controller.cron,
        ...report,
        reminders: reminderEvents.length,
        stranded_events: stranded,
      }),
    );
  },

  /** The webhook queue and its dead-letter queue (src/webhooks/deliver.ts). */
  async queue(batch, env) {
    await deliverWebhooks(batch as MessageBatch<DeliveryMessage>, env);
  },
} satisfies ExportedHandler<Env>;
