import { spawn, spawnSync, type ChildProcess } from "node:child_process";
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

/**
 * Starts `wrangler dev` on 127.0.0.1:`port` over `persistTo` (or .wrangler/state)
 * and resolves once /health answers. The caller stops it with `kill()`.
 */
export async function startWranglerDev({
  port,
  persistTo,
  stdio = "pipe",
  extraArgs = [],
}: {
  port: number;
  persistTo?: string;
  stdio?: "pipe" | "inherit";
  extraArgs?: string[];
}): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      ...(persistTo ? ["--persist-to", persistTo] : []),
      ...extraArgs,
    ],
    { cwd: PROJECT_ROOT, stdio: ["ignore", stdio, stdio], env: wranglerEnv },
  );
  process.on("exit", () => server.kill("SIGTERM"));
  for (let attempt = 0; attempt <= 240; attempt++) {
    if (server.exitCode !== null) fail("wrangler dev exited before it served a request.");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ready = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return server;
  }
  server.kill("SIGTERM");
  return fail("wrangler dev did not answer /health within 120 s.");
}
