import { and, count, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { peerMentorStatusChanges, peerMentors, type MentorStatus } from "../db/schema.ts";
import { derivedStatusSql } from "../peer-mentors/status-rules.ts";
import { isoSeconds } from "../lib/time.ts";
import { SQL_NEW_REVISION } from "../db/revision.ts";
import { statusChangeStatements } from "../peer-mentors/writes/status-change-statements.ts";

/** D1 advises keeping one statement's work to about 10,000 rows. */
const ROWS_PER_CHUNK = 10_000;

export type RefreshReport = {
  checked: number;
  changed: Partial<Record<MentorStatus, number>>;
  duration_ms: number;
  /** The `peer_mentor.status_changed` events written, for the queue. */
  eventIds: string[];
};

/**
 * One chunk's work, unexecuted: record the history and the webhook events of
 * the rows in the rowid range whose status differs from the derived one,
 * then change those rows.
 */
export function chunkStatements(
  db: Database,
  chunk: { nowIso: string; warningDays: number; after: number; rowsPerChunk: number },
) {
  const { nowIso, after, rowsPerChunk } = chunk;
  const derived = derivedStatusSql(nowIso, chunk.warningDays);
  const stale = and(
    sql`${peerMentors}.rowid > ${after} AND ${peerMentors}.rowid <= ${after + rowsPerChunk}`,
    ne(peerMentors.status, derived),
  );
  return [
    ...statusChangeStatements(db, {
      changing: stale,
      toStatus: derived,
      source: "cron",
      actor: { kind: "hourly_job" },
      nowIso,
    }),
    db
      .update(peerMentors)
      .set({ status: derived, updatedAt: nowIso, revision: SQL_NEW_REVISION })
      .where(stale),
  ] as const;
}

/** The run's changes by target status, from the history it just wrote. */
export function changesByStatusStatement(db: Database, nowIso: string) {
  return db
    .select({ status: peerMentorStatusChanges.toStatus, rows: count() })
    .from(peerMentorStatusChanges)
    .where(
      and(
        eq(peerMentorStatusChanges.source, "cron"),
        eq(peerMentorStatusChanges.changedAt, nowIso),
      ),
    )
    .groupBy(peerMentorStatusChanges.toStatus);
}

/**
 * Re-derives every mentor's status at `now` with set-based SQL: per chunk of
 * rowids, one INSERT ... SELECT records the history of the rows whose status
 * differs, one writes their webhook events, and one UPDATE changes those
 * rows, in one batch (one transaction).
 * Rows already right are untouched, so a second run changes nothing.
 */
export async function refreshMentorStatuses(
  db: Database,
  now: Date,
  warningDays: number,
  rowsPerChunk = ROWS_PER_CHUNK,
): Promise<RefreshReport> {
  const started = Date.now();
  const nowIso = isoSeconds(now);
  const [extent] = await db
    .select({ checked: count(), maxRowid: sql<number | null>`max(${peerMentors}.rowid)` })
    .from(peerMentors);
  const maxRowid = extent?.maxRowid ?? 0;

  const eventIds: string[] = [];
  for (let after = 0; after < maxRowid; after += rowsPerChunk) {
    const [, events] = await db.batch(
      chunkStatements(db, { nowIso, warningDays, after, rowsPerChunk }),
    );
    eventIds.push(...events.map((event) => event.eventId));
  }

  const changes = await changesByStatusStatement(db, nowIso);
  return {
    checked: extent?.checked ?? 0,
    changed: Object.fromEntries(changes.map((c) => [c.status, c.rows])),
    duration_ms: Date.now() - started,
    eventIds,
  };
}
