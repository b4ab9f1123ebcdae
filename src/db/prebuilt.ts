import { fillPlaceholders, sql, type Placeholder } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Database } from "./client.ts";

/*
 * Statements built once per isolate. drizzle builds a query's SQL text anew
 * every time it runs one, a measurable share of a read's CPU
 * (docs/performance.md); a hot read instead builds each of its shapes once,
 * with sql.placeholder() where a request's values go, and binds the values
 * per request. The statements run on the request's own D1 session, so reads
 * keep their session and bookmark.
 */

/**
 * A drizzle handle that only builds: its prepared statements give their SQL
 * text, parameter order and row mapping, and never run.
 */
export const statementBuilder: Database = drizzle({
  prepare: () => ({}),
} as unknown as D1Database);

/** A placeholder for the request's value named `name`. */
export const value = <Name extends string>(name: Name): Placeholder<Name> => sql.placeholder(name);

/** What a drizzle query's prepare() gives, as far as running it elsewhere needs. */
type Prepared<Result> = {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
  all(): Promise<Result>;
};

/** One prebuilt statement with a request's values: its SQL as D1 takes it, and its row mapping. */
export type BoundStatement<Result> = {
  toSQL(): { sql: string; params: unknown[] };
  mapResult(response: D1Result): Result;
};

/** The statement `prepared` (built on statementBuilder) with `values` for its placeholders. */
export function bind<Result>(
  prepared: Prepared<Result>,
  values: Record<string, unknown>,
): BoundStatement<Result> {
  return {
    toSQL: () => {
      const query = prepared.getQuery();
      return { sql: query.sql, params: fillPlaceholders(query.params, values) };
    },
    mapResult: (response) => prepared.mapResult(response, true) as Result,
  };
}

type Results<T extends readonly BoundStatement<unknown>[]> = {
  -readonly [K in keyof T]: T[K] extends BoundStatement<infer R> ? R : never;
};

/** Bound statements as one D1 batch (one round trip, one transaction) on `db`'s session. */
export async function batchBound<const T extends readonly BoundStatement<unknown>[]>(
  db: Database,
  statements: T,
): Promise<Results<T>> {
  const prepared = statements.map((statement) => {
    const { sql: text, params } = statement.toSQL();
    return db.$client.prepare(text).bind(...params);
  });
  const responses = await db.$client.batch(prepared);
  return statements.map((statement, i) =>
    statement.mapResult(responses[i] as D1Result),
  ) as Results<T>;
}
