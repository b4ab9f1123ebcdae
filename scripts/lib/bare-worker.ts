import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unstable_readConfig } from "wrangler";
import { PROJECT_ROOT } from "./bindings.ts";
import { startWranglerDev } from "./wrangler.ts";

const DIR = join(PROJECT_ROOT, ".wrangler", "bench-bare");

/**
 * Starts a bare Worker (its `fetch` answers a small JSON, nothing else) on the
 * project's own wrangler, workerd and compatibility date: the runtime's
 * ceiling, which the benchmark compares every route against.
 */
export async function startBareWorker(port: number) {
  const { compatibility_date } = unstable_readConfig({
    config: join(PROJECT_ROOT, "wrangler.toml"),
  }) as { compatibility_date?: string };
  mkdirSync(DIR, { recursive: true });
  writeFileSync(
    join(DIR, "worker.js"),
    `export default { fetch: () => Response.json({ status: "ok" }) };\n`,
  );
  writeFileSync(
    join(DIR, "wrangler.toml"),
    `name = "bench-bare"\nmain = "worker.js"\ncompatibility_date = "${compatibility_date ?? "2026-10-20"}"\n`,
  );
  return startWranglerDev({
    port,
    extraArgs: ["--config", join(DIR, "wrangler.toml"), "--persist-to", join(DIR, "state")],
  });
}
