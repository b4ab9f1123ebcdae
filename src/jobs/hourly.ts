import { sql } from "drizzle-orm";
import { batchStatements, createDatabase, type Database } from "../db/client.ts";
import { enqueueEmails } from "../outbox/channels/email.ts";
import { enqueueWebhookEvents } from "../outbox/channels/webhook.ts";
import { expiryNoticeStatements, writtenEmailIds } from "../outbox/email-rows.ts";
import { sweepOutbox } from "../outbox/sweep.ts";
import { certWarningDays, reminderDays, settings } from "../settings.ts";
import { isoSeconds } from "../lib/time.ts";
import { queueCertificationReminders } from "./certification-reminders.ts";
import { pruneConsoleSignIns } from "../console/sessions/prune.ts";
import { pruneIdempotencyKeys } from "./prune-idempotency-keys.ts";
import { pruneImportChunks } from "./prune-import-chunks.ts";
import { markRosterChanged } from "../peer-supporters/public/roster-changes.ts";
import { refreshMentorStatuses } from "./refresh-mentor-statuses.ts";
import { digestWeekAt, queueWeeklyDigests } from "./weekly-digest.ts";

/**
 * The cron's expiry notices: for the mentors this run moved to `expired`
 * (once per expiry: the same scheduled time again writes none).
 */
async function queueExpiryNotices(db: Database, nowIso: string) {
  const expiredThisRun = sql`SELECT mentor_id FROM peer_mentor_status_changes
    WHERE source = 'cron' AND changed_at = ${nowIso} AND to_status = 'expired'`;
  return writtenEmailIds(await batchStatements(db, expiryNoticeStatements(expiredThisRun, nowIso)));
}

/**
 * Hourly (wrangler.toml [triggers]), in this order: keep every mentor's
 * stored status true to the clock; write the expiry notices of those it
 * expired, the certification reminders that fell due (webhooks and emails)
 * and, on Monday morning in Oslo, the weekly digests; put all of it on the
 * outbox queue, then sweep the outbox (src/outbox/sweep.ts: what a failed
 * enqueue left behind, deliveries that stopped moving on the queue, old
 * records); prune the staged chunks of a killed import, old idempotency keys,
 * and the console's dead sign-in links and sessions.
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
  // A mentor's status decides whether their member is on the public roster.
  const changedOrganizations = await db.all<{ organization_id: number }>(
    sql`SELECT DISTINCT m.organization_id FROM peer_mentors m JOIN peer_mentor_status_changes c
      ON c.mentor_id = m.mentor_id WHERE c.source = 'cron' AND c.changed_at = ${nowIso}`,
  );
  await markRosterChanged(
    env.TOKENS,
    changedOrganizations.map((row) => row.organization_id),
  );
  const expiryEmails = await queueExpiryNotices(db, nowIso);
  const reminders = await queueCertificationReminders(db, now, reminderDays(env));
  const week = digestWeekAt(now);
  const digestEmails = week === null ? [] : await queueWeeklyDigests(db, now, week);

  const queue = env.OUTBOX_QUEUE;
  await enqueueWebhookEvents(db, queue, [...statusEvents, ...reminders.eventIds], { now });
  await enqueueEmails(db, queue, [...expiryEmails, ...reminders.emailIds, ...digestEmails], now);
  const outbox = await sweepOutbox(db, queue, now, settings.WEBHOOK_RETRY_BASE_SECONDS(env));
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
      ...outbox,
    }),
  );
}
