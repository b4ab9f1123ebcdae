import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fail } from "./fail.ts";
import { PROJECT_ROOT } from "./project-root.ts";
import { runCaptured } from "./steps.ts";

/** The project's own wrangler, run with the Node that runs the script. */
export const WRANGLER = join(PROJECT_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false" };

/** How many migrations migrations/ holds (wrangler applies every .sql file there, in order). */
export function migrationCount(): number {
  return readdirSync(join(PROJECT_ROOT, "migrations")).filter((name) => name.endsWith(".sql"))
    .length;
}

/** How many migrations wrangler's `migrations apply` output says it applied (0 when none were due). */
export function appliedMigrations(output: string): number {
  return Number(/About to apply (\d+) migration/.exec(output)?.[1] ?? 0);
}

/**
 * `wrangler d1 migrations apply DB --local`, into .wrangler/state or `persistTo`;
 * answers how many it applied. Its output is shown only when it fails.
 */
export function applyLocalMigrations({ persistTo }: { persistTo?: string } = {}): number {
  const { output } = runCaptured(
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
    {
      cwd: PROJECT_ROOT,
      env: { ...wranglerEnv, CI: "true" },
      failure: "applying the local migrations failed.",
    },
  );
  return appliedMigrations(output);
}

/**
 * Starts `wrangler dev` on 127.0.0.1:`port` over `persistTo` (or .wrangler/state)
 * and resolves once /health answers. Its start-up output is kept back and
 * shown only if it fails to start; after that, `stdio: "inherit"` passes its
 * output on (request lines, the Worker's logs), `"pipe"` leaves it to the
 * caller. The caller stops it with `kill()`.
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
    { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: wranglerEnv },
  );
  process.on("exit", () => server.kill("SIGTERM"));
  let startOutput = "";
  const keep = (chunk: Buffer) => (startOutput += chunk.toString());
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);
  const failStart = (message: string) => {
    console.error(startOutput.trimEnd());
    return fail(message);
  };
  for (let attempt = 0; attempt <= 240; attempt++) {
    if (server.exitCode !== null) failStart("wrangler dev exited before it served a request.");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ready = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) {
      server.stdout.off("data", keep);
      server.stderr.off("data", keep);
      if (stdio === "inherit") {
        server.stdout.pipe(process.stdout);
        server.stderr.pipe(process.stderr);
      }
      return server;
    }
  }
  server.kill("SIGTERM");
  return failStart("wrangler dev did not answer /health within 120 s.");
}
