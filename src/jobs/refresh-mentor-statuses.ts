import { and, count, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { peerMentorStatusChanges, peerMentors, type MentorStatus } from "../db/schema.ts";
import { derivedStatusSql } from "../peer-mentors/status-rules.ts";
import { isoSeconds } from "../time.ts";

/** D1 advises keeping one statement's work to about 10,000 rows. */
export const ROWS_PER_CHUNK = 10_000;

export type RefreshReport = {
  checked: number;
  changed: Partial<Record<MentorStatus, number>>;
  duration_ms: number;
};

/**
 * Re-derives every mentor's status at `now` with set-based SQL: per chunk of
 * rowids, one INSERT ... SELECT records the history of the rows whose status
 * differs and one UPDATE changes those rows, in one batch (one transaction).
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
  const derived = derivedStatusSql(nowIso, warningDays);
  const [extent] = await db
    .select({ checked: count(), maxRowid: sql<number | null>`max(${peerMentors}.rowid)` })
    .from(peerMentors);
  const maxRowid = extent?.maxRowid ?? 0;

  for (let after = 0; after < maxRowid; after += rowsPerChunk) {
    const stale = and(
      sql`${peerMentors}.rowid > ${after} AND ${peerMentors}.rowid <= ${after + rowsPerChunk}`,
      ne(peerMentors.status, derived),
    );
    await db.batch([
      // Insert-from-select names every column in table order; a NULL id takes the next rowid.
      db.insert(peerMentorStatusChanges).select(
        db
          .select({
            id: sql<number>`NULL`.as("id"),
            mentorId: peerMentors.mentorId,
            fromStatus: peerMentors.status,
            toStatus: derived.as("to_status"),
            reason: sql<null>`NULL`.as("reason"),
            source: sql<"cron">`'cron'`.as("source"),
            changedAt: sql<string>`${nowIso}`.as("changed_at"),
          })
          .from(peerMentors)
          .where(stale),
      ),
      db.update(peerMentors).set({ status: derived, updatedAt: nowIso }).where(stale),
    ]);
  }

  const changes = await db
    .select({ status: peerMentorStatusChanges.toStatus, rows: count() })
    .from(peerMentorStatusChanges)
    .where(
      and(
        eq(peerMentorStatusChanges.source, "cron"),
        eq(peerMentorStatusChanges.changedAt, nowIso),
      ),
    )
    .groupBy(peerMentorStatusChanges.toStatus);
  return {
    checked: extent?.checked ?? 0,
    changed: Object.fromEntries(changes.map((c) => [c.status, c.rows])),
    duration_ms: Date.now() - started,
  };
}
