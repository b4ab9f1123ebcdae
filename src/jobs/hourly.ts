import { sql } from "drizzle-orm";
import { batchStatements, createDatabase, type Database } from "../db/client.ts";
import {
  dispatchStrandedEmails,
  enqueueEmails,
  expiryNoticeStatements,
  writtenEmailIds,
} from "../outbox/emails.ts";
import type { OutboxMessage } from "../outbox/queue-consumer.ts";
import { certWarningDays, reminderDays, settings } from "../settings.ts";
import { isoSeconds } from "../time.ts";
import { dispatchEvents, dispatchStrandedEvents } from "../outbox/webhook-dispatch.ts";
import { queueCertificationReminders } from "./certification-reminders.ts";
import { pruneConsoleSignIns } from "../console/sessions/prune.ts";
import { pruneIdempotencyKeys } from "./prune-idempotency-keys.ts";
import { pruneImportChunks } from "./prune-import-chunks.ts";
import { pruneOutboxRecords } from "./prune-outbox-records.ts";
import { refreshMentorStatuses } from "./refresh-mentor-statuses.ts";
import {
  resendStalledEmails,
  resendStalledWebhooks,
  sweepStart,
} from "./resend-stalled-deliveries.ts";
import { digestWeekAt, queueWeeklyDigests } from "./weekly-digest.ts";

/**
 * The cron's expiry notices: for the mentors this run moved to `expired`,
 * unless this run already wrote them (the same scheduled time again).
 */
async function queueExpiryNotices(db: Database, nowIso: string) {
  const expiredThisRun = sql`SELECT mentor_id FROM peer_mentor_status_changes
    WHERE source = 'cron' AND changed_at = ${nowIso} AND to_status = 'expired'`;
  return writtenEmailIds(
    await batchStatements(db, expiryNoticeStatements(expiredThisRun, nowIso, { oncePerRun: true })),
  );
}

/**
 * Hourly (wrangler.toml [triggers]), in this order: keep every mentor's
 * stored status true to the clock; write the expiry notices of those it
 * expired, the certification reminders that fell due (webhooks and emails)
 * and, on Monday morning in Oslo, the weekly digests; put all of it on the
 * outbox queue, with anything a failed enqueue left behind, and send again
 * the deliveries that stopped moving on it; prune old records, the staged
 * chunks of a killed import, and the console's dead sign-in links and sessions.
 */
export async function runHourlyJob(controller: ScheduledController, env: Env): Promise<void> {
  const db = createDatabase(env.DB);
  const now = new Date(controller.scheduledTime);
  const nowIso = isoSeconds(now);
  const { eventIds: statusEvents, ...report } = await refreshMentorStatuses(
    db,
    now,
    certWarningDays(env),
  );
  const expiryEmails = await queueExpiryNotices(db, nowIso);
  const reminders = await queueCertificationReminders(db, now, reminderDays(env));
  const week = digestWeekAt(now);
  const digestEmails = week === null ? [] : await queueWeeklyDigests(db, now, week);

  const queue = env.WEBHOOK_QUEUE as Queue<OutboxMessage>;
  await dispatchEvents(db, queue, [...statusEvents, ...reminders.eventIds], now);
  await enqueueEmails(db, queue, [...expiryEmails, ...reminders.emailIds, ...digestEmails], now);
  const strandedEvents = await dispatchStrandedEvents(db, queue, now);
  const strandedEmails = await dispatchStrandedEmails(db, queue, now);
  const retryBase = settings.WEBHOOK_RETRY_BASE_SECONDS(env);
  const stalledWebhooks = await resendStalledWebhooks(db, queue, now, retryBase);
  const stalledEmails = await resendStalledEmails(db, queue, now, retryBase);
  await pruneOutboxRecords(db, now, sweepStart(now, retryBase));
  await pruneImportChunks(db, now);
  await pruneIdempotencyKeys(db, now);
  await pruneConsoleSignIns(db, now);
  console.log(
    JSON.stringify({
      event: "mentor_status_refresh",
      cron: controller.cron,
      ...report,
      reminders: reminders.eventIds.length,
      emails: expiryEmails.length + reminders.emailIds.length + digestEmails.length,
      digest_week: week,
      stranded_events: strandedEvents,
      stranded_emails: strandedEmails,
      stalled_webhooks: stalledWebhooks,
      stalled_emails: stalledEmails,
    }),
  );
}
