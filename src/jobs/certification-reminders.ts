import { sql } from "drizzle-orm";
import { batchStatements, type Database } from "../db/client.ts";
import {
  coordinatorListColumns,
  daysLeftSql,
  insertEmails,
  TO_COORDINATORS,
  writtenEmailIds,
} from "../outbox/email-rows.ts";
import { SQL_EVENT_ID } from "../outbox/channels/webhook.ts";
import { isoSeconds } from "../lib/time.ts";

/*
 * The reminder rule, one for both channels: a mentor neither paused nor
 * expired by hand is due a reminder when their days until expiry reach one of
 * their organization's thresholds (its saved reminder_days, else
 * REMINDER_DAYS) that they have not been reminded at, or at a smaller one,
 * for this expiry date. The reminder is for the smallest threshold at or above
 * the days left, so a mentor added 5 days before expiry gets the 7-day one
 * only. Each due reminder is a `certification_expiring` webhook event, the
 * mentor's own email where the organization asks for it, and a line in the
 * one email per run to the organization's coordinators.
 */

/** The `due` CTE: one row per mentor due a reminder at `nowIso`, with the threshold it is for. */
function dueReminders(nowIso: string, defaultDays: readonly number[], horizonDays: number) {
  const today = nowIso.slice(0, 10);
  const days = daysLeftSql(sql`m.certification_expiry_date`, today);
  return sql`WITH due AS (
    SELECT c.*, json_object('mentor_id', c.mentor_id, 'full_name', c.full_name,
        'certification_expiry_date', c.expiry, 'days_until_expiry', c.days,
        'threshold_days', c.threshold) AS item,
      printf('%04d', c.days) || c.mentor_id AS sort_key
    FROM (
      SELECT m.mentor_id, m.organization_id, m.full_name, m.email,
        m.certification_expiry_date AS expiry, ${days} AS days,
        (SELECT min(t.value) FROM json_each(coalesce(ns.reminder_days, ${JSON.stringify(defaultDays)})) t
          WHERE t.value >= ${days}) AS threshold
      FROM peer_mentors m
      LEFT JOIN notification_settings ns ON ns.organization_id = m.organization_id
      WHERE m.is_paused = 0 AND m.is_manually_expired = 0
        -- Not yet expired, and within the largest threshold: the expiry index's range.
        AND m.certification_expiry_date > ${nowIso}
        AND m.certification_expiry_date < date(${today}, ${`+${String(horizonDays + 1)} days`})
    ) c
    WHERE c.threshold IS NOT NULL AND NOT EXISTS (SELECT 1 FROM certification_reminders r
      WHERE r.mentor_id = c.mentor_id AND r.certification_expiry_date = c.expiry
        AND r.threshold_days <= c.threshold))`;
}

/**
 * The run's reminders, in one batch in this order: the webhook events, the
 * mentors' emails, the coordinators' emails, then the record that they were
 * sent, so every statement sees the same due mentors and a second run at the
 * same time finds none.
 */
function reminderStatements(nowIso: string, due: ReturnType<typeof dueReminders>) {
  const events = sql`INSERT INTO webhook_events
      (event_id, organization_id, mentor_id, type, data, created_at, enqueued_at)
    ${due}
    SELECT ${SQL_EVENT_ID}, d.organization_id, d.mentor_id, 'peer_mentor.certification_expiring',
      json_object('mentor_id', d.mentor_id, 'org_id', o.public_id,
        'certification_expiry_date', d.expiry, 'days_until_expiry', d.days,
        'threshold_days', d.threshold),
      ${nowIso}, NULL
    FROM due d JOIN organizations o ON o.id = d.organization_id
    RETURNING event_id`;
  const mentorEmails = insertEmails("mentor_reminder", {
    nowIso,
    with: due,
    columns: sql`d.organization_id, d.mentor_id, json_array(d.email),
      json_set(d.item, '$.organization_name', o.name, '$.contacts', json(s.coordinator_emails))`,
    from: sql`FROM due d
      JOIN notification_settings s ON s.organization_id = d.organization_id AND s.mentor_reminders
      JOIN organizations o ON o.id = d.organization_id`,
  });
  const coordinatorEmails = insertEmails("coordinator_reminder", {
    nowIso,
    with: due,
    columns: coordinatorListColumns(sql`due`),
    from: sql`${TO_COORDINATORS}
      AND EXISTS (SELECT 1 FROM due d WHERE d.organization_id = s.organization_id)`,
  });
  const sent = sql`INSERT INTO certification_reminders
      (mentor_id, certification_expiry_date, threshold_days)
    ${due} SELECT mentor_id, expiry, threshold FROM due`;
  return [events, mentorEmails, coordinatorEmails, sent];
}

/**
 * Writes the reminders that fell due at `now` (webhook events and emails),
 * set-based, in one batch. `defaultDays` are REMINDER_DAYS, the thresholds of
 * organizations without saved settings. Returns the new events' and emails' ids.
 */
export async function queueCertificationReminders(
  db: Database,
  now: Date,
  defaultDays: readonly number[],
): Promise<{ eventIds: string[]; emailIds: string[] }> {
  const nowIso = isoSeconds(now);
  const [largestSaved] = await db.all<{ days: number | null }>(
    sql`SELECT max(t.value) AS days FROM notification_settings s, json_each(s.reminder_days) t`,
  );
  const horizonDays = Math.max(...defaultDays, largestSaved?.days ?? 0);
  const [events = [], ...emailRows] = await batchStatements(
    db,
    reminderStatements(nowIso, dueReminders(nowIso, defaultDays, horizonDays)),
  );
  return {
    eventIds: events.map((event) => String(event.event_id)),
    emailIds: writtenEmailIds(emailRows),
  };
}
