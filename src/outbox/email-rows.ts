import { sql, type SQL } from "drizzle-orm";
import { EXPIRY_NOTICE_THRESHOLD, type EmailKind } from "../db/schema.ts";
import { SUBJECTS } from "../notifications/templates.ts";
import { MAX_LISTED_MENTORS } from "./event-data.ts";

/*
 * The email rows' writes. Like webhook events, each email row goes into
 * the same D1 batch as the change that caused it, with the template's data
 * built by json_object() (schemas in ./event-data.ts); enqueueEmails
 * (./channels/email.ts) then hands it to the queue, whose consumer renders
 * and sends it.
 */

/** The ids of the emails that `batchStatements` results of insertEmails() statements wrote. */
export const writtenEmailIds = (results: Record<string, unknown>[][]) =>
  results.flatMap((rows) => rows.map((row) => String(row.email_id)));

// 12 random bytes, as random-id's 20 symbols are.
const SQL_EMAIL_ID = sql`'eml_' || lower(hex(randomblob(12)))`;
/** Whole UTC calendar days from `today` to the expiry's date (status-rules' daysUntilExpiry). */
export const daysLeftSql = (expiry: SQL, today: string) =>
  sql`CAST(julianday(substr(${expiry}, 1, 10)) - julianday(${today}) AS INTEGER)`;

/** The kind's subject in the organization's language (`s` is its notification_settings row). */
const subjectSql = (kind: EmailKind) =>
  sql`json_extract(${JSON.stringify(SUBJECTS[kind])}, '$.' || s.language)`;

/**
 * `INSERT INTO emails … SELECT …` for rows of `kind`, pending, written at
 * `nowIso`: `columns` yields organization_id, mentor_id, recipients and data,
 * in that order, from `from`, in which `s` is the organization's
 * notification_settings row.
 */
export function insertEmails(
  kind: EmailKind,
  {
    nowIso,
    with: withClause = sql``,
    columns,
    from,
  }: {
    nowIso: string;
    with?: SQL;
    columns: SQL;
    from: SQL;
  },
) {
  return sql`INSERT INTO emails (email_id, organization_id, mentor_id, recipients, data,
      kind, language, subject, status, attempts, created_at, updated_at)
    ${withClause}
    SELECT ${SQL_EMAIL_ID}, ${columns}, ${kind}, s.language, ${subjectSql(kind)},
      'pending', 0, ${nowIso}, ${nowIso}
    ${from}
    RETURNING email_id`;
}

/**
 * The columns of one email per organization to its coordinators, listing
 * the `item` JSON objects of `source` (which has organization_id, and
 * sort_key to list them by), with `extra` fields in the data.
 */
export function coordinatorListColumns(source: SQL, extra: SQL = sql``) {
  return sql`s.organization_id, NULL, s.coordinator_emails,
    json_object('organization_name', o.name${extra},
      'mentors', (SELECT json_group_array(json(item)) FROM
        (SELECT item FROM ${source} WHERE organization_id = s.organization_id
          ORDER BY sort_key LIMIT ${MAX_LISTED_MENTORS})),
      'total', (SELECT count(*) FROM ${source} WHERE organization_id = s.organization_id))`;
}

/** Organizations with settings and at least one coordinator (`s`, `o` as coordinatorListColumns needs). */
export const TO_COORDINATORS = sql`FROM notification_settings s JOIN organizations o ON o.id = s.organization_id
  WHERE json_array_length(s.coordinator_emails) > 0`;

/**
 * The expiry notices of the mentors `mentorIds` selects (just moved to
 * `expired`): each mentor's own where the organization sends mentor
 * reminders, and one email to the coordinators listing them all; and the
 * record that they went. A notice belongs to an expiry, not to a move: a
 * mentor moved out of `expired` and back, or expired again by another
 * request or run, gets none until their expiry date changes.
 */
export function expiryNoticeStatements(mentorIds: SQL, nowIso: string) {
  const due = sql`m.mentor_id IN (${mentorIds}) AND NOT EXISTS (SELECT 1 FROM certification_reminders r
    WHERE r.mentor_id = m.mentor_id AND r.certification_expiry_date = m.certification_expiry_date
      AND r.threshold_days = ${EXPIRY_NOTICE_THRESHOLD})`;
  const gone = sql`WITH gone AS (
    SELECT m.mentor_id, m.organization_id, m.full_name, m.email, m.certification_expiry_date AS expiry,
      json_object('mentor_id', m.mentor_id, 'full_name', m.full_name,
        'certification_expiry_date', m.certification_expiry_date) AS item,
      m.certification_expiry_date || m.mentor_id AS sort_key
    FROM peer_mentors m WHERE ${due})`;
  const mentors = insertEmails("mentor_expired", {
    nowIso,
    with: gone,
    columns: sql`g.organization_id, g.mentor_id, json_array(g.email),
      json_object('mentor_id', g.mentor_id, 'full_name', g.full_name,
        'certification_expiry_date', g.expiry, 'organization_name', o.name,
        'contacts', json(s.coordinator_emails))`,
    from: sql`FROM gone g JOIN notification_settings s ON s.organization_id = g.organization_id AND s.mentor_reminders
      JOIN organizations o ON o.id = g.organization_id`,
  });
  const coordinators = insertEmails("coordinator_expired", {
    nowIso,
    with: gone,
    columns: coordinatorListColumns(sql`gone`),
    from: sql`${TO_COORDINATORS}
        AND EXISTS (SELECT 1 FROM gone g WHERE g.organization_id = s.organization_id)`,
  });
  const recorded = sql`INSERT OR IGNORE INTO certification_reminders
      (mentor_id, certification_expiry_date, threshold_days)
    SELECT m.mentor_id, m.certification_expiry_date, ${EXPIRY_NOTICE_THRESHOLD} FROM peer_mentors m WHERE ${due}`;
  return [mentors, coordinators, recorded] as const;
}

/**
 * Erasing a mentor, for their organization's emails: their own emails lose
 * their address and data, pending ones are cancelled; pending emails to the
 * coordinators stop listing them, and one that then lists nobody is
 * cancelled. Runs in the deletion's batch, before the mentor row goes.
 */
export function emailErasureStatements(
  organizationId: number,
  mentorId: string,
  nowIso: string,
  onlyIf: SQL = sql`1`,
) {
  const listed = sql`EXISTS (SELECT 1 FROM json_each(data, '$.mentors')
    WHERE json_extract(value, '$.mentor_id') = ${mentorId})`;
  return [
    sql`UPDATE emails SET recipients = '[]', mentor_id = NULL, data = NULL, error = NULL,
        status = CASE status WHEN 'pending' THEN 'cancelled' ELSE status END, updated_at = ${nowIso}
      WHERE mentor_id = ${mentorId} AND organization_id = ${organizationId} AND ${onlyIf}`,
    sql`UPDATE emails SET updated_at = ${nowIso},
        data = json_set(data,
          '$.mentors', (SELECT json_group_array(json(value)) FROM json_each(data, '$.mentors')
            WHERE json_extract(value, '$.mentor_id') != ${mentorId}),
          '$.total', json_extract(data, '$.total') - 1)
      WHERE organization_id = ${organizationId} AND status = 'pending' AND data IS NOT NULL AND ${listed}
        AND ${onlyIf}`,
    sql`UPDATE emails SET status = 'cancelled', data = NULL, updated_at = ${nowIso}
      WHERE organization_id = ${organizationId} AND status = 'pending'
        AND kind IN ('coordinator_reminder', 'coordinator_expired')
        AND json_extract(data, '$.total') = 0 AND ${onlyIf}`,
  ];
}
