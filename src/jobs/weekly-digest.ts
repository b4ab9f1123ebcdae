import { sql } from "drizzle-orm";
import { batchStatements, type Database } from "../db/client.ts";
import { MENTOR_STATUSES } from "../db/schema.ts";
import {
  coordinatorListColumns,
  daysLeftSql,
  insertEmails,
  TO_COORDINATORS,
  writtenEmailIds,
} from "../outbox/email-rows.ts";
import { isoSeconds } from "../lib/time.ts";

/*
 * The weekly digest goes on Monday morning, Oslo time, from the hourly cron:
 * the first run at or after DIGEST_HOUR on a Monday in Europe/Oslo (summer or
 * winter time alike) writes it for every organization that wants one and has
 * none for that ISO week yet (`weekly_digests` records it). Later runs that
 * Monday write only what an earlier one missed; a Monday with no run at all
 * from DIGEST_HOUR on has no digest.
 */

export const DIGEST_TIME_ZONE = "Europe/Oslo";
export const DIGEST_HOUR = 7;

const osloParts = new Intl.DateTimeFormat("en-US", {
  timeZone: DIGEST_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  weekday: "short",
  hour: "2-digit",
  hourCycle: "h23",
});

/** "2027-W02": the ISO 8601 week of a calendar date. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  // The week's Thursday decides its year.
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${String(date.getUTCFullYear())}-W${String(week).padStart(2, "0")}`;
}

/** The ISO week whose digest is due at `now`, or null when it is not Monday from 07:00 in Oslo. */
export function digestWeekAt(now: Date): string | null {
  const parts = Object.fromEntries(osloParts.formatToParts(now).map((p) => [p.type, p.value]));
  if (parts.weekday !== "Mon" || Number(parts.hour) < DIGEST_HOUR) return null;
  return isoWeek(Number(parts.year), Number(parts.month), Number(parts.day));
}

/**
 * Writes the week's digests that are not written yet, then records them: one
 * batch, in this order. Each lists the organization's `warning` and `expired`
 * mentors, soonest expiry first, and counts its mentors by status. Returns
 * the emails' ids.
 */
export async function queueWeeklyDigests(db: Database, now: Date, week: string): Promise<string[]> {
  const nowIso = isoSeconds(now);
  const wanted = sql`${TO_COORDINATORS} AND s.weekly_digest
    AND NOT EXISTS (SELECT 1 FROM weekly_digests w
      WHERE w.organization_id = s.organization_id AND w.iso_week = ${week})`;
  const attention = sql`(SELECT m.organization_id,
      json_object('mentor_id', m.mentor_id, 'full_name', m.full_name, 'status', m.status,
        'certification_expiry_date', m.certification_expiry_date,
        'days_until_expiry', ${daysLeftSql(sql`m.certification_expiry_date`, nowIso.slice(0, 10))}) AS item,
      m.certification_expiry_date || m.mentor_id AS sort_key
    FROM peer_mentors m WHERE m.status IN ('warning', 'expired'))`;
  const counts = sql.join(
    MENTOR_STATUSES.map(
      (status) =>
        sql`${status}, (SELECT count(*) FROM peer_mentors m
          WHERE m.organization_id = s.organization_id AND m.status = ${status})`,
    ),
    sql`, `,
  );
  const digests = insertEmails("weekly_digest", {
    nowIso,
    columns: coordinatorListColumns(
      attention,
      sql`, 'iso_week', ${week}, 'counts', json_object(${counts})`,
    ),
    from: wanted,
  });
  const recorded = sql`INSERT INTO weekly_digests (organization_id, iso_week, created_at)
    SELECT s.organization_id, ${week}, ${nowIso} ${wanted}`;
  const [written = []] = await batchStatements(db, [digests, recorded]);
  return writtenEmailIds([written]);
}
