import { sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import { rootCause } from "../db/root-cause.ts";
import { isoSeconds } from "../lib/time.ts";

/*
 * What handing outbox rows (webhook events, emails) to the queue has in
 * common: the limits it works in, the log line of a failed enqueue, and the
 * rows such a failure left behind for the cron to hand on.
 */

/** Queues' limit per sendBatch call. */
export const MESSAGES_PER_SEND = 100;
/** D1's limit on bound parameters, less room for the statement's own. */
export const IDS_PER_STATEMENT = 90;
/** A row this old and still not on the queue was left behind by a failed enqueue. */
const STRANDED_AFTER_MS = 5 * 60_000;
const STRANDED_PER_RUN = 1_000;

/** `items` in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** One log line for a failed enqueue: counts and the cause's message, never ids or data. */
export function logEnqueueFailure(event: string, counts: Record<string, number>, error: unknown) {
  const cause = rootCause(error);
  console.error(
    JSON.stringify({
      level: "error",
      event,
      ...counts,
      error: cause instanceof Error ? cause.message : String(cause),
    }),
  );
}

/** The ids of `table`'s rows a failed enqueue left behind at `now` (not enqueued, older than five minutes). */
export async function strandedIds(
  db: Database,
  table: SQLiteTable,
  columns: { id: SQLiteColumn; enqueuedAt: SQLiteColumn; createdAt: SQLiteColumn },
  now: Date,
): Promise<string[]> {
  const cutoff = isoSeconds(new Date(now.getTime() - STRANDED_AFTER_MS));
  const rows = await db.all<{ id: string }>(
    sql`SELECT ${columns.id} AS id FROM ${table}
      WHERE ${columns.enqueuedAt} IS NULL AND ${columns.createdAt} < ${cutoff}
      LIMIT ${STRANDED_PER_RUN}`,
  );
  return rows.map((row) => row.id);
}
