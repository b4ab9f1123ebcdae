import { is, SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { reportingUnavailability } from "./unavailable.ts";

export type Database = DrizzleD1Database & { $client: D1Database };

/**
 * One drizzle handle over the D1 binding or one of its sessions. drizzle
 * calls nothing beyond prepare() and batch(), which a D1DatabaseSession has
 * too; a failure that is D1's, not the statement's, comes out as a
 * DependencyUnavailableError (a 503).
 */
export function createDatabase(d1: D1Database | D1DatabaseSession): Database {
  return drizzle(reportingUnavailability(d1));
}

const dialect = new SQLiteAsyncDialect();

/** A statement for `batchStatements`: raw SQL, or any drizzle query (it has toSQL()). */
export type BatchStatement = SQL | { toSQL(): { sql: string; params: unknown[] } };

/**
 * One D1 batch (one transaction, one round trip) of raw SQL and drizzle
 * queries alike, answering each statement's rows as D1 returns them (column
 * names as keys). drizzle's own batch cannot bind raw SQL's parameters.
 */
export async function batchStatements(
  db: Database,
  statements: readonly BatchStatement[],
): Promise<Record<string, unknown>[][]> {
  const prepared = statements.map((statement) => {
    const query = is(statement, SQL) ? dialect.sqlToQuery(statement) : statement.toSQL();
    return db.$client.prepare(query.sql).bind(...query.params);
  });
  const results = await db.$client.batch<Record<string, unknown>>(prepared);
  return results.map((result) => result.results);
}
