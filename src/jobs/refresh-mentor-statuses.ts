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
): Promise<RefreshReport> {
  const started = Date.now();
  const nowIso = isoSeconds(now);
  const derived = derivedStatusSql(nowIso, warningDays);
  const [extent] = await db
    .select({ checked: count(), maxRowid: sql<number | null>`max(${peerMentors}.rowid)` })
    .from(peerMentors);
  const maxRowid = extent?.maxRowid ?? 0;

  for (let after = 0; after < maxRowid; after += ROWS_PER_CHUNK) {
    const stale = and(
      sql`${peerMentors}.rowid > ${after} AND ${peerMentors}.rowid <= ${after + ROWS_PER_CHUNK}`,
      ne(peerMentors.status, derived),
    );
    await db.batch([
      db.run(sql`
        INSERT INTO ${peerMentorStatusChanges}
          (${sql.identifier(peerMentorStatusChanges.mentorId.name)},
           ${sql.identifier(peerMentorStatusChanges.fromStatus.name)},
           ${sql.identifier(peerMentorStatusChanges.toStatus.name)},
           ${sql.identifier(peerMentorStatusChanges.source.name)},
           ${sql.identifier(peerMentorStatusChanges.changedAt.name)})
        SELECT ${peerMentors.mentorId}, ${peerMentors.status}, ${derived}, 'cron', ${nowIso}
        FROM ${peerMentors} WHERE ${stale}`),
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
