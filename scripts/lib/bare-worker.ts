import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unstable_readConfig } from "wrangler";
import { PROJECT_ROOT } from "./bindings.ts";
import { startWranglerDev } from "./wrangler.ts";

const DIR = join(PROJECT_ROOT, ".wrangler", "bench-bare");

/** One statement as D1 takes it. */
export type RawStatement = { sql: string; params: unknown[] };

/**
 * What a bare Worker does besides answering: nothing, or the platform work a
 * read cannot avoid on the project's own local D1 state: at `/limiter` a
 * rate limiter call, at `/d1/<name>` that call and then the named D1 batch
 * in a session, its rows answered as JSON.
 */
export type BareWork =
  { d1: { persistTo: string; batches: Record<string, RawStatement[]> } } | undefined;

/** The path at which the floor Worker runs the named D1 batch. */
export const floorPath = (name: string) => `/d1/${encodeURIComponent(name)}`;
export const LIMITER_PATH = "/limiter";

function workerSource(work: BareWork): string {
  if (!work) return `export default { fetch: () => Response.json({ status: "ok" }) };\n`;
  return `const BATCHES = new Map(Object.entries(${JSON.stringify(work.d1.batches)}).map(([name, batch]) => [${JSON.stringify(floorPath(""))} + encodeURIComponent(name), batch]));
export default {
  async fetch(request, env) {
    await env.LIMITER.limit({ key: "bench" });
    const batch = BATCHES.get(new URL(request.url).pathname);
    if (!batch) return Response.json({ status: "ok" });
    const session = env.DB.withSession();
    const results = await session.batch(batch.map((s) => session.prepare(s.sql).bind(...s.params)));
    return Response.json(results.map((r) => r.results));
  },
};
`;
}

type ProjectConfig = {
  compatibility_date?: string;
  d1_databases?: { database_id?: string }[];
  assets?: { directory?: string; run_worker_first?: boolean | string[] };
};

/**
 * The project's `[assets]`, for a bare Worker: the same static assets and the
 * same `run_worker_first`, so every request takes the same way in as the
 * project's do, through the Static Assets router (another Worker locally, the
 * platform's own on Cloudflare) before the Worker.
 */
function assetsSection({ assets }: ProjectConfig): string {
  if (!assets?.directory) return "";
  const first = assets.run_worker_first;
  return `
[assets]
directory = ${JSON.stringify(resolve(PROJECT_ROOT, assets.directory))}
${first === undefined ? "" : `run_worker_first = ${JSON.stringify(first)}`}
`;
}

/**
 * Starts a bare Worker on the project's own wrangler, workerd and
 * compatibility date: the runtime's ceiling, which the benchmark compares
 * every route against. It serves the project's static assets (assetsSection)
 * unless `withAssets` is false. With `work.d1`, it opens the project's local
 * D1 as the project does (same binding and database id) in the persisted
 * state it is given (the bench gives it a copy of the project's), and its
 * limiter has no practical limit, so it shows what the platform's parts of a
 * read cost.
 */
export async function startBareWorker(port: number, work?: BareWork, withAssets = true) {
  const config = unstable_readConfig({
    config: join(PROJECT_ROOT, "wrangler.toml"),
  }) as ProjectConfig;
  const { compatibility_date, d1_databases } = config;
  // Without an id (wrangler.toml names none), local D1 keys the database as the project does.
  const databaseId = d1_databases?.[0]?.database_id;
  const dir = join(DIR, `${work ? "d1" : "plain"}${withAssets ? "" : "-no-assets"}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "worker.js"), workerSource(work));
  const bindings = work
    ? `
[[d1_databases]]
binding = "DB"
database_name = "peer-roster"
${databaseId === undefined ? "" : `database_id = "${databaseId}"`}

[[ratelimits]]
name = "LIMITER"
namespace_id = "9001"
simple = { limit = 1000000, period = 60 }
`
    : "";
  writeFileSync(
    join(dir, "wrangler.toml"),
    `name = "bench-bare"\nmain = "worker.js"\ncompatibility_date = "${compatibility_date ?? "2026-10-20"}"\n${bindings}${withAssets ? assetsSection(config) : ""}`,
  );
  return startWranglerDev({
    port,
    extraArgs: [
      "--config",
      join(dir, "wrangler.toml"),
      "--persist-to",
      work ? work.d1.persistTo : join(dir, "state"),
    ],
  });
}
