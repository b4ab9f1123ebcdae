// The pieces of npm run db:export and db:restore (docs/operations.md, "Backups"), through
// wrangler's own `d1 export` and `d1 execute`. `wrangler d1 export` refuses a
// database holding a virtual table, and the two search indexes are, so both
// commands work with the indexes dropped and rebuild them from the tables after.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { getTableName, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../src/db/schema.ts";
import { errorMessage, fail, PROJECT_ROOT } from "./bindings.ts";
import { WRANGLER, wranglerEnv } from "./wrangler.ts";

/** Which database: the local one (next to `config`, wrangler.toml by default) or the deployed one. */
export type D1Target = { remote: boolean; config?: string };

const MIGRATIONS = join(PROJECT_ROOT, "migrations");
const DROP_SEARCH_INDEX = join(PROJECT_ROOT, "scripts", "sql", "drop-member-search.sql");
const BUILD_SEARCH_INDEX = join(MIGRATIONS, "0022_short_search_by_organization.sql");

/** Every table of the schema but the import's staging, whose rows live only while an import runs. */
export const BACKUP_TABLES = Object.values(schema as Record<string, unknown>)
  .filter((value) => is(value, SQLiteTable))
  .filter((table) => table !== schema.importChunks)
  .map((table) => getTableName(table));

/** The newest migration in this checkout: the schema an export is made from and restored into. */
export const SCHEMA_VERSION = readdirSync(MIGRATIONS)
  .filter((name) => name.endsWith(".sql"))
  .sort()
  .at(-1);

/** Runs `wrangler d1 <command> DB <args>` on the target; throws wrangler's error message if it fails. */
export function runD1(target: D1Target, command: string[], args: string[]): string {
  const result = spawnSync(
    process.execPath,
    [
      WRANGLER,
      "d1",
      ...command,
      "DB",
      target.remote ? "--remote" : "--local",
      ...(target.config ? ["--config", target.config] : []),
      ...args,
    ],
    {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      // CI=true answers wrangler's confirmation prompts, which would otherwise block;
      // WRANGLER_LOG=error (the other CLIs set it) would also hide the output of --json.
      env: { ...wranglerEnv, CI: "true", WRANGLER_LOG: "log" },
    },
  );
  if (result.status !== 0) throw new Error(wranglerError(result.stdout, result.stderr));
  return result.stdout;
}

/** Runs the statements of a .sql file on the target; remotely, without asking first. */
export function executeSqlFile(target: D1Target, file: string) {
  runD1(target, ["execute"], ["--yes", "--file", file]);
}

/** Wrangler's error: `{ "error": { "text" } }` with --json, else its "✘ [ERROR] …" lines. */
function wranglerError(stdout: string, stderr: string): string {
  try {
    const { error } = JSON.parse(stdout) as { error?: { text?: string } };
    if (error?.text) return error.text;
  } catch {
    // Not JSON: wrangler ran without --json.
  }
  // eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters
  const lines = `${stderr}\n${stdout}`.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
  const errors = lines.filter((line) => line.includes("[ERROR]"));
  const message = errors.length > 0 ? errors : lines.filter((line) => line.trim()).slice(-1);
  return message.map((line) => line.replace(/^.*\[ERROR\]\s*/, "").trim()).join("; ");
}

/** The rows of one SQL query on the target. */
export function queryD1<Row>(target: D1Target, sql: string): Row[] {
  const [result] = JSON.parse(runD1(target, ["execute"], ["--json", "--command", sql])) as [
    { results: Row[] },
  ];
  return result.results;
}

/** The file, the target and its name for messages, from the command line of db:export or db:restore. */
export function parseBackupCommand(usage: string) {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { remote: { type: "boolean", default: false }, config: { type: "string" } },
    });
  } catch (error) {
    return fail(`${errorMessage(error)}\n${usage}`);
  }
  const { positionals, values } = parsed;
  const [file] = positionals;
  if (!file || positionals.length > 1) fail(usage);
  const target: D1Target = {
    remote: values.remote,
    config: values.config && resolve(values.config),
  };
  // Absolute, because wrangler runs in the project's folder and this script may not.
  return {
    file: resolve(file),
    target,
    database: `${target.remote ? "remote" : "local"} database`,
  };
}

/** The last migration applied to the target, or undefined before the first. */
export function appliedSchemaVersion(target: D1Target): string | undefined {
  return beforeMigrations(() =>
    queryD1<{ name: string }>(target, "SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1"),
  )?.[0]?.name;
}

/** What a restore must know of its target, in one D1 call: its migration and how many rows it holds. */
export function restoreTargetState(target: D1Target): { applied?: string; rows: number } {
  const rows = BACKUP_TABLES.map((table) => `(SELECT count(*) FROM "${table}")`).join(" + ");
  const sql = `SELECT (SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1) AS applied, ${rows} AS rows`;
  const [state] =
    beforeMigrations(() => queryD1<{ applied: string; rows: number }>(target, sql)) ?? [];
  return state ?? { rows: 0 };
}

/** `read`'s result, or undefined if the database has no tables yet. */
function beforeMigrations<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && error.message.includes("no such table")) return undefined;
    throw error;
  }
}

/**
 * Runs `work` with the search indexes and their triggers dropped, then rebuilds
 * them from the tables, also when `work` fails: a database is never left without them.
 */
export function withoutSearchIndex<T>(target: D1Target, work: () => T): T {
  executeSqlFile(target, DROP_SEARCH_INDEX);
  let result: T;
  try {
    result = work();
  } catch (error) {
    rebuildSearchIndex(target);
    throw error;
  }
  rebuildSearchIndex(target);
  return result;
}

function rebuildSearchIndex(target: D1Target) {
  try {
    executeSqlFile(target, BUILD_SEARCH_INDEX);
  } catch (error) {
    throw new Error(
      `the search indexes were not rebuilt (${errorMessage(error)}); rebuild them with: ` +
        `wrangler d1 execute DB ${target.remote ? "--remote" : "--local"} ` +
        "--file migrations/0022_short_search_by_organization.sql",
      { cause: error },
    );
  }
}
