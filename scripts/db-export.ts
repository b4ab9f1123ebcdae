// npm run db:export -- FILE.sql [--remote] [--config wrangler.toml]
import { readFile, rm, writeFile } from "node:fs/promises";
import { errorMessage, fail } from "./lib/bindings.ts";
import {
  BACKUP_TABLES,
  SCHEMA_VERSION,
  appliedSchemaVersion,
  parseBackupCommand,
  runD1,
  withoutSearchIndex,
} from "./lib/d1-backup.ts";

const USAGE = `usage: npm run db:export -- FILE.sql [--remote] [--config wrangler.toml]
Writes the database's rows (not its schema) to FILE.sql, for npm run db:restore.`;

const { file, target, database } = parseBackupCommand(USAGE);

try {
  const applied = appliedSchemaVersion(target);
  if (applied !== SCHEMA_VERSION) {
    fail(
      `The ${database} is at migration ${applied ?? "(none)"}, this checkout at ${SCHEMA_VERSION}: ` +
        "export with the checkout that matches the database, or migrate it first (npm run db:migrate).",
    );
  }
  // wrangler writes beside FILE, so that a failed export leaves no file under FILE's name.
  const partial = `${file}.partial`;
  try {
    withoutSearchIndex(target, () =>
      runD1(
        target,
        ["export"],
        [
          "--skip-confirmation",
          "--no-schema",
          ...BACKUP_TABLES.flatMap((table) => ["--table", table]),
          "--output",
          partial,
        ],
      ),
    );
    const header = [
      `-- peer-roster data, written by npm run db:export at ${new Date().toISOString()}.`,
      `-- schema: ${SCHEMA_VERSION}`,
      "-- Restore it with npm run db:restore into an empty database migrated to that schema.",
      "",
    ].join("\n");
    await writeFile(file, header + (await readFile(partial, "utf8")));
  } finally {
    await rm(partial, { force: true });
  }
} catch (error) {
  fail(`${file}: export failed: ${errorMessage(error)}`);
}
console.error(`${file}: the ${database}'s rows, ${BACKUP_TABLES.length} tables.`);
