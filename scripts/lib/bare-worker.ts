import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unstable_readConfig } from "wrangler";
import { PROJECT_ROOT } from "./bindings.ts";
import { startWranglerDev } from "./wrangler.ts";

const DIR = join(PROJECT_ROOT, ".wrangler", "bench-bare");

/** One statement as D1 takes it. */
export type RawStatement = { sql: string; params: unknown[] };

/** A read's own answer as the project sent it: what its floor answers with. */
export type Answer = { status: number; headers: [string, string][]; body: string };

/**
 * What one floor does after the limiter call: a D1 batch in a session, and
 * then the read's own answer if it has one (the same status, headers and
 * body), its rows answered as JSON if not.
 */
export type FloorWork = { batch?: RawStatement[]; answer?: Answer };

/**
 * What a bare Worker does besides answering: nothing, or the platform work a
 * read cannot avoid on the project's own local D1 state: at `/limiter` a
 * rate limiter call, at `/d1/<name>` that call and the named floor's work.
 */
export type BareWork = { d1: { persistTo: string; floors: Record<string, FloorWork> } } | undefined;

/** The path at which the floor Worker does the named floor's work. */
export const floorPath = (name: string) => `/d1/${encodeURIComponent(name)}`;
export const LIMITER_PATH = "/limiter";

function workerSource(work: BareWork): string {
  if (!work) return `export default { fetch: () => Response.json({ status: "ok" }) };\n`;
  return `const FLOORS = new Map(Object.entries(${JSON.stringify(work.d1.floors)}).map(([name, floor]) => [${JSON.stringify(floorPath(""))} + encodeURIComponent(name), floor]));
export default {
  async fetch(request, env) {
    await env.LIMITER.limit({ key: "bench" });
    const floor = FLOORS.get(new URL(request.url).pathname);
    if (!floor) return Response.json({ status: "ok" });
    let results = [];
    if (floor.batch) {
      const session = env.DB.withSession();
      results = await session.batch(floor.batch.map((s) => session.prepare(s.sql).bind(...s.params)));
    }
    const { answer } = floor;
    if (!answer) return Response.json(results.map((r) => r.results));
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
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
