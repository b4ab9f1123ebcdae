import { eq, getTableColumns, getTableName, lt, sql, type SQL } from "drizzle-orm";
import {
  getTableConfig,
  SQLiteSyncDialect,
  type SQLiteColumn,
  type SQLiteTable,
} from "drizzle-orm/sqlite-core";
import { createDatabase, type Database } from "../db/client.ts";
import { importChunks } from "../db/schema.ts";
import { randomId } from "../lib/random-id.ts";
import { isoSeconds } from "../lib/time.ts";

/*
 * Set-based writing of an import, within D1's limits (100 KB of SQL and 100
 * bound parameters per statement, 2 MB per value, 30 s per call):
 *
 * 1. Stage: each table's rows go to `import_chunks` as JSON text of at most
 *    CHUNK_BYTES, one small INSERT per chunk, one D1 call each. Staged rows
 *    are invisible to the API.
 * 2. Promote: one D1 batch, which D1 runs as a single transaction, copies
 *    every chunk into its table with INSERT … SELECT … FROM jsonb_each(rows)
 *    (a handful of statements, whatever the file's size) and deletes the
 *    chunks. Either all of the file lands or none of it does.
 *
 * A failure while staging, or a crash, leaves only chunks behind: the
 * importer deletes its own on failure, and each import and the hourly cron
 * delete chunks older than STALE_AFTER_MS (a killed run's, with the names and
 * emails it staged). Rerunning the same file then
 * starts afresh; every write is an upsert by id, so it converges.
 */

/** Bytes of JSON per staged chunk: half of D1's 2 MB per value. */
export const CHUNK_BYTES = 1_000_000;
const STALE_AFTER_MS = 60 * 60 * 1000;

/** One table's rows, keyed like the drizzle table's columns. */
export type TableWrite = {
  table: SQLiteTable;
  /**
   * Read once, while staging, a chunk at a time: built lazily (lazyRows), a
   * large file's rows never all exist at once, and each dies young.
   */
  rows: Iterable<Record<string, unknown>>;
  /**
   * The upsert's conflict target; every other column is overwritten. Without
   * one, rows that already exist are left as they are.
   */
  upsertOn?: SQLiteColumn;
  /**
   * The name of one of the table's indexes: the rows go in in the order of its
   * key, so that index and those sharing its leading columns are appended to
   * where they would be updated at random (each chunk of a large file is a
   * working set beyond SQLite's page cache, which D1 does not let us raise).
   */
  insertInOrderOf?: string;
  /** Values a new row takes where its staged value is null (a field the file left out). */
  insertDefaults?: Record<string, SQL>;
  /**
   * Columns staged in a shorter form than they are stored in, each with the
   * SQL that turns the staged value into the stored one; every statement that
   * reads the staged rows sees the stored form.
   */
  stagedAs?: Record<string, (staged: SQL) => SQL>;
  /** Statements to run inside the promotion just before this table's insert, given any table's staged rows. */
  before?: (stagedOf: StagedOf) => SQL[];
  /** Statements to run inside the promotion just after this table's insert. */
  after?: (stagedOf: StagedOf) => SQL[];
};

type StagedOf = (table: SQLiteTable) => StagedRows;

/** Counts taken inside the promotion before anything is written: each a `SELECT count(*) AS n …`. */
export type PromotionCounts = Record<string, (stagedOf: StagedOf) => SQL>;

/** Reads the staged rows of one table: `column(key)` is that column's value in each row. */
export type StagedRows = {
  from: SQL;
  column: (key: string) => SQL;
};

function columnsOf(table: SQLiteTable): [string, SQLiteColumn][] {
  const columns: Record<string, SQLiteColumn> = getTableColumns(table);
  return Object.entries(columns);
}

/** `items` mapped as they are read: a TableWrite's rows, built one chunk's worth at a time. */
export function lazyRows<T, Row extends Record<string, unknown>>(
  items: Iterable<T>,
  toRow: (item: T) => Row,
): Iterable<Row> {
  return {
    *[Symbol.iterator]() {
      for (const item of items) yield toRow(item);
    },
  };
}

const utf8 = new TextEncoder();
// UTF-8 takes at most 3 bytes per UTF-16 unit; encodeInto() counts without a new buffer per row.
const MAX_UTF8_PER_UNIT = 3;
let utf8Scratch = new Uint8Array(0);

function utf8Length(text: string): number {
  if (utf8Scratch.length < MAX_UTF8_PER_UNIT * text.length) {
    utf8Scratch = new Uint8Array(MAX_UTF8_PER_UNIT * text.length);
  }
  return utf8.encodeInto(text, utf8Scratch).written;
}

/**
 * The rows as JSON arrays of at most `maxBytes` of UTF-8 (a lone larger row
 * gets its own), each row an array of driver values in column order: compact
 * JSON, read back by index. A chunk at a time, as the staging sends them.
 */
function* chunksOf(
  table: SQLiteTable,
  rows: Iterable<Record<string, unknown>>,
  maxBytes: number,
): Generator<string> {
  const columns = columnsOf(table);
  let current: string[] = [];
  let bytes = 2;
  for (const row of rows) {
    const encoded = JSON.stringify(
      columns.map(([key, column]) => {
        const value = row[key];
        return value === undefined || value === null ? null : column.mapToDriverValue(value);
      }),
    );
    const rowBytes = utf8Length(encoded) + 1;
    if (current.length > 0 && bytes + rowBytes > maxBytes) {
      yield `[${current.join(",")}]`;
      current = [];
      bytes = 2;
    }
    current.push(encoded);
    bytes += rowBytes;
  }
  if (current.length > 0) yield `[${current.join(",")}]`;
}

function stagedRows(
  table: SQLiteTable,
  importId: string,
  stagedAs: TableWrite["stagedAs"] = {},
): StagedRows {
  const indexes = new Map(columnsOf(table).map(([key], index) => [key, index]));
  return {
    // jsonb_each, not json_each: each row comes out as JSONB, which `->>` reads in
    // place; json_each hands it out as text that every `->>` parses again (a row
    // of 15 columns 15 times: a fifth of the promotion's time).
    from: sql`${importChunks}, jsonb_each(${importChunks.rows}) AS staged
      WHERE ${importChunks.importId} = ${importId}
        AND ${importChunks.collection} = ${getTableName(table)}`,
    column: (key) => {
      const value = sql.raw(`staged.value ->> ${String(indexes.get(key))}`);
      return stagedAs[key]?.(value) ?? value;
    },
  };
}

/** `ORDER BY` the staged values of the named index's columns; nothing without a name. */
function orderOfIndex(table: SQLiteTable, staged: StagedRows, indexName: string | undefined): SQL {
  if (indexName === undefined) return sql``;
  const index = getTableConfig(table).indexes.find((i) => i.config.name === indexName);
  if (!index) throw new Error(`${getTableName(table)} has no index ${indexName}`);
  const keys = new Map<unknown, string>(columnsOf(table).map(([key, column]) => [column, key]));
  const stagedKey = (column: unknown) => {
    const key = keys.get(column);
    if (key === undefined) throw new Error(`${indexName} is not on columns alone`);
    return staged.column(key);
  };
  return sql`ORDER BY ${sql.join(index.config.columns.map(stagedKey), sql`, `)}`;
}

function promotion(
  { table, upsertOn, insertInOrderOf, insertDefaults = {}, before, after }: TableWrite,
  stagedOf: StagedOf,
): SQL[] {
  const columns = columnsOf(table);
  const staged = stagedOf(table);
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const values = sql.join(
    columns.map(([key]) => {
      const fallback = insertDefaults[key];
      return fallback ? sql`coalesce(${staged.column(key)}, ${fallback})` : staged.column(key);
    }),
    sql`, `,
  );
  const onConflict = upsertOn
    ? sql`ON CONFLICT (${sql.identifier(upsertOn.name)}) DO UPDATE SET ${sql.join(
        columns
          .filter(([, column]) => column !== upsertOn)
          .map(([, column]) => sql.raw(`"${column.name}" = excluded."${column.name}"`)),
        sql`, `,
      )}`
    : sql`ON CONFLICT DO NOTHING`;
  return [
    ...(before?.(stagedOf) ?? []),
    sql`INSERT INTO ${table} (${names}) SELECT ${values} FROM ${staged.from}
      ${orderOfIndex(table, staged, insertInOrderOf)} ${onConflict}`,
    ...(after?.(stagedOf) ?? []),
  ];
}

/** Deletes the chunks of imports that started over STALE_AFTER_MS before `now`: killed runs. */
export async function deleteStaleChunks(db: Database, now: Date): Promise<void> {
  await db
    .delete(importChunks)
    .where(lt(importChunks.createdAt, isoSeconds(new Date(now.getTime() - STALE_AFTER_MS))));
}

/**
 * Writes `writes` in order (parents before children), all or nothing, and
 * answers `counts` as they stood inside the same transaction just before.
 * Throws what D1 threw when the promotion fails (a constraint only the
 * database can check); by then the staged chunks are gone again.
 */
export async function stagedWrite<Counts extends PromotionCounts>(
  d1: D1Database,
  writes: TableWrite[],
  {
    now = new Date(),
    chunkBytes = CHUNK_BYTES,
    counts = {} as Counts,
  }: { now?: Date; chunkBytes?: number; counts?: Counts } = {},
): Promise<Record<keyof Counts, number>> {
  const db = createDatabase(d1);
  const importId = randomId("import_", 16);
  const createdAt = isoSeconds(now);
  await deleteStaleChunks(db, now);
  const ownChunks = eq(importChunks.importId, importId);
  // Prepared once, bound per chunk: preparing is a round trip of its own through the CLI's bindings.
  const stageChunk = db
    .insert(importChunks)
    .values({
      importId,
      collection: sql.placeholder("collection"),
      chunk: sql.placeholder("chunk"),
      rows: sql.placeholder("rows"),
      createdAt,
    })
    .prepare();
  try {
    for (const { table, rows } of writes) {
      let chunk = 0;
      for (const json of chunksOf(table, rows, chunkBytes)) {
        await stageChunk.run({ collection: getTableName(table), chunk, rows: json });
        chunk++;
      }
    }
    // Raw D1 statements: drizzle's batch cannot carry bare SQL. The chunks'
    // own deletion closes the transaction that reads them.
    const dialect = new SQLiteSyncDialect();
    const stagedAs = new Map(writes.map((write) => [write.table, write.stagedAs]));
    const stagedOf = (table: SQLiteTable) => stagedRows(table, importId, stagedAs.get(table));
    const countEntries = Object.entries(counts);
    const statements = [
      ...countEntries.map(([, count]) => count(stagedOf)),
      ...writes.flatMap((write) => promotion(write, stagedOf)),
      sql`DELETE FROM ${importChunks} WHERE ${ownChunks}`,
    ].map((statement) => {
      const query = dialect.sqlToQuery(statement);
      return d1.prepare(query.sql).bind(...query.params);
    });
    const results = await d1.batch<{ n: number }>(statements);
    return Object.fromEntries(
      countEntries.map(([name], index) => [name, results[index]?.results[0]?.n ?? 0]),
    ) as Record<keyof Counts, number>;
  } catch (error) {
    await db.delete(importChunks).where(ownChunks);
    throw error;
  }
}
