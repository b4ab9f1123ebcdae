import { Column, fillPlaceholders, is, SQL, sql, Subquery, type Placeholder } from "drizzle-orm";
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

type Decoder = { mapFromDriverValue(value: unknown): unknown };
/** drizzle's own fields of a prepared select: what it maps each column of a row with. */
type PreparedSelect = {
  executeMethod?: string;
  customResultMapper?: unknown;
  fields?: { path: string[]; field: unknown }[];
};
type RowMapper = (rows: Record<string, unknown>[]) => unknown[];

// An SQL's decoder is drizzle's, marked internal in its types.
type Decoded = { decoder: Decoder };

/** The decoder drizzle's mapResultRow picks for a selected field. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as Decoded).decoder;
  if (is(field, Subquery)) return (field._.sql as unknown as Decoded).decoder;
  return (field as { sql: Decoded }).sql.decoder;
}

const rowMappers = new WeakMap<object, RowMapper | null>();

/**
 * drizzle's row mapping of a flat select (one key per column), made once per
 * statement: drizzle's mapResultRow picks each column's decoder anew for
 * every row (its entity checks were a measurable share of a page of 100),
 * this picks them once. Rows come from D1 as objects, and are read by
 * position as drizzle reads them. A select of nested objects (where
 * drizzle also nulls a left join's missing table) or any other kind of
 * statement has null: drizzle maps it.
 */
function rowMapperOf(prepared: object): RowMapper | null {
  let mapper = rowMappers.get(prepared);
  if (mapper !== undefined) return mapper;
  const { executeMethod, customResultMapper, fields } = prepared as PreparedSelect;
  mapper = null;
  if (executeMethod === "all" && !customResultMapper && fields?.every((f) => f.path.length === 1)) {
    const columns = fields.map(({ path: [key = ""], field }) => ({
      key,
      decoder: decoderOf(field),
    }));
    mapper = (rows) =>
      rows.map((row) => {
        const values = Object.values(row);
        const mapped: Record<string, unknown> = {};
        columns.forEach(({ key, decoder }, i) => {
          const value = values[i];
          mapped[key] = value === null ? null : decoder.mapFromDriverValue(value);
        });
        return mapped;
      });
  }
  rowMappers.set(prepared, mapper);
  return mapper;
}

/** The statement `prepared` (built on statementBuilder) with `values` for its placeholders. */
export function bind<Result>(
  prepared: Prepared<Result>,
  values: Record<string, unknown>,
): BoundStatement<Result> {
  const mapper = rowMapperOf(prepared);
  return {
    toSQL: () => {
      const query = prepared.getQuery();
      return { sql: query.sql, params: fillPlaceholders(query.params, values) };
    },
    mapResult: (response) =>
      (mapper
        ? mapper(response.results as Record<string, unknown>[])
        : prepared.mapResult(response, true)) as Result,
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
