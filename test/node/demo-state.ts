// A local database of a CLI test's own (`--persist-to` a temporary folder) with the demo data,
// so the dev database is never touched; and a script run as an operator runs it.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { demoDataset } from "../../data/demo-dataset.ts";
import { withBindings } from "../../scripts/lib/bindings.ts";
import { applyLocalMigrations } from "../../scripts/lib/wrangler.ts";
import { importDataset } from "../../src/import/import-dataset.ts";

const PROJECT_ROOT = join(import.meta.dirname, "..", "..");

/** A fresh migrated state folder with the demo data for this file's tests; its path, once ready. */
export function useDemoState(prefix: string): () => string {
  let state = "";
  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), prefix));
    applyLocalMigrations({ persistTo: state });
    await withBindings({ remote: false, persistTo: state }, async (env) => {
      const result = await importDataset(env.DB, demoDataset(new Date()), { certWarningDays: 60 });
      expect(result.ok).toBe(true);
    });
  }, 120_000);
  afterAll(async () => {
    await rm(state, { recursive: true, force: true });
  });
  return () => state;
}

/** `node scripts/<script> ...args`: its exit status and output. */
export function runScript(script: string, args: readonly string[]) {
  const run = spawnSync(process.execPath, [join(PROJECT_ROOT, "scripts", script), ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
