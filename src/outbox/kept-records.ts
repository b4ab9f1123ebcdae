import { inArray, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";

/**
 * How many delivery records GET …/deliveries shows, and so how many are kept:
 * webhook attempts per endpoint, emails per organization.
 */
export const DELIVERIES_KEPT = 100;

/**
 * A condition on `id`'s table: the row is not among the DELIVERIES_KEPT
 * first of its `partition` in the order `newestFirst`.
 */
export function olderThanTheKept(
  db: Database,
  id: SQLiteColumn,
  partition: SQLiteColumn,
  newestFirst: SQL[],
) {
  const ranked = db
    .select({
      id,
      rank: sql<number>`row_number() OVER (PARTITION BY ${partition} ORDER BY ${sql.join(newestFirst, sql`, `)})`.as(
        "rank",
      ),
    })
    .from(id.table)
    .as("ranked");
  return inArray(
    id,
    db
      .select({ id: sql`${sql.identifier(id.name)}` })
      .from(ranked)
      .where(sql`rank > ${DELIVERIES_KEPT}`),
  );
}
