import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fail, PROJECT_ROOT } from "./bindings.ts";

/** The project's own wrangler, run with the Node that runs the script. */
export const WRANGLER = join(PROJECT_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false" };

/** `wrangler d1 migrations apply DB --local`, into .wrangler/state or `persistTo`. */
export function applyLocalMigrations({
  persistTo,
  quiet = false,
}: { persistTo?: string; quiet?: boolean } = {}) {
  const migrate = spawnSync(
    process.execPath,
    [
      WRANGLER,
      "d1",
      "migrations",
      "apply",
      "DB",
      "--local",
      ...(persistTo ? ["--persist-to", persistTo] : []),
    ],
    // CI=true answers wrangler's "apply these migrations?" prompt, which would otherwise block.
    { cwd: PROJECT_ROOT, stdio: quiet ? "ignore" : "inherit", env: { ...wranglerEnv, CI: "true" } },
  );
  if (migrate.status !== 0) fail("Applying the local migrations failed.");
}
