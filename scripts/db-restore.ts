// npm run db:restore -- FILE.sql [--remote] [--config wrangler.toml]
import { readFile } from "node:fs/promises";
import { errorMessage, fail } from "./lib/bindings.ts";
import {
  parseBackupCommand,
  restoreTargetState,
  executeSqlFile,
  withoutSearchIndex,
} from "./lib/d1-backup.ts";

const USAGE = `usage: npm run db:restore -- FILE.sql [--remote] [--config wrangler.toml]
Loads a file written by npm run db:export into an empty database with the migrations applied.`;

const { file, target, database } = parseBackupCommand(USAGE);

let exportedSchema: string | undefined;
try {
  exportedSchema = /^-- schema: (\S+)$/m.exec(await readFile(file, "utf8"))?.[1];
} catch (error) {
  fail(`${file}: ${errorMessage(error)}`);
}
if (!exportedSchema)
  fail(`${file}: not a file written by npm run db:export (no "-- schema:" line).`);

try {
  const { applied, rows } = restoreTargetState(target);
  if (applied !== exportedSchema) {
    fail(
      `${file} holds rows of schema ${exportedSchema}, the ${database} is at ${applied ?? "(none)"}: ` +
        `restore into a database migrated to ${exportedSchema} (npm run db:migrate).`,
    );
  }
  if (rows > 0) {
    fail(
      `The ${database} holds ${rows} rows already; db:restore loads into an empty one ` +
        "(a new database with the migrations applied), so that no row is half replaced.",
    );
  }
  withoutSearchIndex(target, () => {
    executeSqlFile(target, file);
  });
} catch (error) {
  fail(`${file}: restore failed: ${errorMessage(error)}`);
}
console.error(`${file}: restored into the ${database}; the search indexes are rebuilt.`);
