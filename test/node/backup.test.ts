// npm run db:export and db:restore, run as a user runs them, on local D1
// databases of their own (a copy of wrangler.toml in a temporary folder keeps
// its state there), so the dev database is never touched.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset } from "../../data/demo-dataset.ts";
import { withBindings } from "../../scripts/lib/bindings.ts";
import { queryD1, runD1, type D1Target } from "../../scripts/lib/d1-backup.ts";
import { importDataset } from "../../src/import/import-dataset.ts";

const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
let workDir: string;

type LocalDatabase = D1Target & { config: string };

/** A local database of its own: a folder with wrangler.toml and the migrations; its state lands there. */
async function newDatabase(name: string, { migrated }: { migrated: boolean }) {
  const dir = join(workDir, name);
  await mkdir(dir);
  const config = join(dir, "wrangler.toml");
  await writeFile(config, await readFile(join(PROJECT_ROOT, "wrangler.toml"), "utf8"));
  await symlink(join(PROJECT_ROOT, "migrations"), join(dir, "migrations"));
  const database: LocalDatabase = { remote: false, config };
  if (migrated) runD1(database, ["migrations", "apply"], []);
  return database;
}

function runCli(script: "db-export" | "db-restore", file: string, database: LocalDatabase) {
  const run = spawnSync(
    process.execPath,
    [join(PROJECT_ROOT, "scripts", `${script}.ts`), file, "--config", database.config],
    {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  return { status: run.status, stderr: run.stderr };
}

/** What the tests compare, read in one wrangler call (each costs seconds). */
function snapshot(database: LocalDatabase) {
  const [state] = queryD1<{
    users: number;
    organizations: number;
    members: number;
    rosterMembers: number;
    indexed: number;
    shortIndexed: number;
    nordmann: number;
    triggers: number;
  }>(
    database,
    `SELECT (SELECT count(*) FROM users) AS users,
      (SELECT count(*) FROM organizations) AS organizations,
      (SELECT count(*) FROM organization_members) AS members,
      (SELECT count(*) FROM organization_members WHERE is_peer_supporter) AS rosterMembers,
      (SELECT count(*) FROM member_search) AS indexed,
      (SELECT count(*) FROM member_search_short) AS shortIndexed,
      (SELECT count(*) FROM member_search WHERE member_search MATCH '"nordmann"') AS nordmann,
      (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'member_search_%') AS triggers`,
  );
  if (!state) throw new Error("the snapshot query returned no row");
  return state;
}

/** The file without its first line, which carries the time of the export. */
const rowsOf = async (file: string) =>
  (await readFile(file, "utf8")).split("\n").slice(1).join("\n");

describe("npm run db:export and db:restore", { timeout: 240_000 }, () => {
  let original: LocalDatabase;
  let exported: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "peer-roster-backup-"));
    original = await newDatabase("original", { migrated: true });
    await withBindings(
      { remote: false, persistTo: join(workDir, "original", ".wrangler", "state") },
      async (env) => {
        const result = await importDataset(env.DB, demoDataset(new Date()), {
          certWarningDays: 30,
        });
        expect(result.ok).toBe(true);
      },
    );
    exported = join(workDir, "export.sql");
    const run = runCli("db-export", exported, original);
    expect(run.stderr).toContain("the local database's rows");
    expect(run.status).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("leaves the exported database with its search index whole", () => {
    const state = snapshot(original);
    expect(state.members).toBeGreaterThan(0);
    expect(state.rosterMembers).toBeGreaterThan(0);
    expect(state.indexed).toBe(state.rosterMembers);
    expect(state.shortIndexed).toBe(state.rosterMembers);
    expect(state.nordmann).toBeGreaterThan(0);
    expect(state.triggers).toBe(4);
  });

  it("restores into an empty migrated database, all or nothing: the same rows, and search finds them", async () => {
    const copy = await newDatabase("copy", { migrated: true });
    // First a file whose last statement fails (the same organization id twice): nothing lands.
    const broken = join(workDir, "broken.sql");
    await writeFile(
      broken,
      `${await readFile(exported, "utf8")}INSERT INTO "organizations" ("id","public_id","name") ` +
        "SELECT id, 'org_again', name FROM organizations LIMIT 1;\n",
    );
    const failed = runCli("db-restore", broken, copy);
    expect(failed.stderr).toContain("UNIQUE constraint failed");
    expect(failed.status).toBe(1);
    expect(snapshot(copy)).toMatchObject({ users: 0, organizations: 0, triggers: 4 });

    const run = runCli("db-restore", exported, copy);
    expect(run.stderr).toContain("restored into the local database");
    expect(run.status).toBe(0);
    // Before the export below, which rebuilds the index itself. The file lists members
    // before their users, so the index's insert trigger alone would index nobody.
    expect(snapshot(copy)).toEqual(snapshot(original));
    const again = join(workDir, "again.sql");
    expect(runCli("db-export", again, copy).status).toBe(0);
    expect(await rowsOf(again)).toBe(await rowsOf(exported));
  });

  it("refuses a database that already holds rows, and writes nothing", () => {
    const before = snapshot(original);
    const run = runCli("db-restore", exported, original);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/holds \d+ rows already/);
    expect(snapshot(original)).toEqual(before);
  });

  it("refuses a database without the migrations, naming the one it needs", async () => {
    const run = runCli("db-restore", exported, await newDatabase("bare", { migrated: false }));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/migrated to 0\d{3}_\w+\.sql/);
  });

  it("refuses a file that db:export did not write", async () => {
    const other = join(workDir, "other.sql");
    await writeFile(
      other,
      "INSERT INTO organizations (id, public_id, name) VALUES (1, 'org_a', 'A');\n",
    );
    const run = runCli("db-restore", other, await newDatabase("other", { migrated: false }));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${other}: not a file written by npm run db:export`);
  });
});
