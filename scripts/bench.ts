// npm run bench: builds a dataset, loads it into a fresh local D1 through the
// import path, serves it with `wrangler dev`, drives load with autocannon,
// fires the cron, measures the bundle, and writes BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createToken } from "../src/auth/tokens.ts";
import { importDataset } from "../src/import/import-dataset.ts";
import { createDatabase } from "../src/db/client.ts";
import { saveNotificationSettings } from "../src/notifications/queries.ts";
import { certWarningDays } from "../src/settings.ts";
import { isoSeconds } from "../src/lib/time.ts";
import { buildAssets, WIDGET_FILE } from "./lib/assets.ts";
import { floorPath, LIMITER_PATH, startBareWorker, type FloorWork } from "./lib/bare-worker.ts";
import { benchmarksReport, type CronLine } from "./lib/bench-report.ts";
import type { Startup } from "./lib/bench-targets.ts";
import { measureD1 } from "./lib/bench-d1.ts";
import {
  ANSWER_ONLY,
  BARE_FLOOR,
  capturedAnswer,
  floorBatches,
  LIMITER_FLOOR,
} from "./lib/bench-floors.ts";
import { combinedRounds, measurePaired, type Server } from "./lib/bench-pairs.ts";
import { benchScenarios, LARGE_FIRST_PAGE, LARGE_SEARCHES } from "./lib/bench-scenarios.ts";
import { benchConsoleSession } from "./lib/console-members.ts";
import { load, type Measured, type Scenario } from "./lib/load.ts";
import { workerdCpuMs } from "./lib/process-cpu.ts";
import { publicRosterUnderLoad } from "./lib/bench-public-load.ts";
import { measureWriteBursts } from "./lib/bench-write-bursts.ts";
import {
  BIG_ORGANIZATION,
  LARGE_ORGANIZATION,
  ORGANIZATIONS,
  benchDataset,
  datasetShare,
} from "./lib/bench-dataset.ts";
import {
  connectInspector,
  cpuProfile,
  devBundleSourceMap,
  profileBreakdown,
} from "./lib/profile.ts";
import { fail, PROJECT_ROOT, withBindings } from "./lib/bindings.ts";
import { applyLocalMigrations, startWranglerDev, WRANGLER, wranglerEnv } from "./lib/wrangler.ts";

const STATE = join(PROJECT_ROOT, ".wrangler", "bench-state");
const FLOOR_STATE = join(PROJECT_ROOT, ".wrangler", "bench-floor-state");
const BUNDLE_DIR = join(PROJECT_ROOT, ".wrangler", "bench-bundle");
const PORT = 8881;
const BASE = `http://127.0.0.1:${String(PORT)}`;
// Requests rotate over many tokens: the per-token rate limit (600/min) must not cap the load.
const TOKEN_POOL = 400;
// Publishable keys are limited per key and client IP (300/min): the load rotates over these,
// enough that the 50-connection run (scripts/lib/bench-public-load.ts) is not capped by the limiter.
const PUBLISHABLE_POOL = 300;
const BARE_PORT = 8882;
const INSPECTOR_PORT = 8883;
const FLOOR_PORT = 8884;
const NO_ASSETS_PORT = 8885;
const PROFILE_SECONDS = 3;
const LARGE_POOL = 100;
// The public mix of many organizations: this many publishable keys for each of them.
const KEYS_PER_ORGANIZATION = 3;
// The import's growth: these shares of the dataset, each into a fresh database, then the whole.
const IMPORT_SHARES = [0.25, 0.5];
const started = performance.now();

function step(message: string) {
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.error(`[bench ${seconds.padStart(3)} s] ${message}`);
}

// 1. A fresh local database with the dataset, loaded through the project's own import path;
// before it, a quarter and a half of it, each into a fresh database of its own, so the
// import's growth shows.
step("generating the dataset");
const dataset = benchDataset(new Date());
const importGrowth: { share: number; seconds: number }[] = [];
for (const share of IMPORT_SHARES) {
  step(`importing ${String(share * 100)}% of the dataset into a fresh local D1`);
  rmSync(STATE, { recursive: true, force: true });
  applyLocalMigrations({ persistTo: STATE });
  importGrowth.push({
    share,
    seconds: await withBindings({ remote: false, persistTo: STATE }, async (env) => {
      const importStarted = performance.now();
      const result = await importDataset(env.DB, datasetShare(dataset, share), {
        certWarningDays: certWarningDays(env),
      });
      if (!result.ok) fail(`bench dataset share: ${JSON.stringify(result.errors.slice(0, 5))}`);
      return (performance.now() - importStarted) / 1000;
    }),
  });
}
rmSync(STATE, { recursive: true, force: true });
step("applying migrations to a fresh local D1");
applyLocalMigrations({ persistTo: STATE });

/** Every benchmark organization emails: coordinators, mentors, digests, thresholds of their own. */
async function saveBenchNotificationSettings(db: ReturnType<typeof createDatabase>) {
  const thresholds = [
    [90, 30, 7],
    [60, 30, 7],
    [90, 30],
    [60, 14, 3],
    [120, 60, 30, 14, 1],
  ];
  for (let i = 0; i < ORGANIZATIONS; i++) {
    await saveNotificationSettings(
      db,
      BIG_ORGANIZATION.id + i,
      {
        coordinator_emails: [`koordinator${String(i)}@bench.no`, `leder${String(i)}@bench.no`],
        mentor_reminders: true,
        reminder_days: thresholds[i % thresholds.length] ?? [60],
        language: i % 2 ? "en" : "nb",
        weekly_digest: true,
      },
      isoSeconds(new Date()),
    );
  }
}

let d1Milliseconds: Record<string, number> = {};
step("importing 80,000 members and 100,000 mentors");
const {
  importSeconds,
  tokens,
  largeTokens,
  publishableKeys,
  manyOrganizationKeys,
  batches,
  consoleSession,
} = await withBindings({ remote: false, persistTo: STATE }, async (env) => {
  const importStarted = performance.now();
  const result = await importDataset(env.DB, dataset, { certWarningDays: certWarningDays(env) });
  if (!result.ok) fail(`bench dataset: ${JSON.stringify(result.errors.slice(0, 5))}`);
  const seconds = (performance.now() - importStarted) / 1000;
  // 10% of the registry due to change at the cron, as if the clock had moved on since the import.
  await env.DB.prepare(
    `UPDATE peer_mentors SET status = CASE status WHEN 'active' THEN 'expired' ELSE 'active' END
       WHERE rowid % 10 = 0 AND is_paused = 0`,
  ).run();
  await saveBenchNotificationSettings(createDatabase(env.DB));
  const batches = floorBatches(createDatabase(env.DB));
  d1Milliseconds = await measureD1(env.DB, batches);
  const pool: string[] = [];
  for (let i = 0; i < TOKEN_POOL; i++) {
    pool.push((await createToken(env.TOKENS, BIG_ORGANIZATION, "bench")).token);
  }
  const large: string[] = [];
  for (let i = 0; i < LARGE_POOL; i++) {
    large.push((await createToken(env.TOKENS, LARGE_ORGANIZATION, "bench")).token);
  }
  const publishable: string[] = [];
  for (let i = 0; i < PUBLISHABLE_POOL; i++) {
    const options = { kind: "publishable" } as const;
    publishable.push((await createToken(env.TOKENS, BIG_ORGANIZATION, "bench", options)).token);
  }
  const manyOrganizations = new Map<number, string[]>();
  for (const organization of dataset.organizations) {
    const keys: string[] = [];
    for (let i = 0; i < KEYS_PER_ORGANIZATION; i++) {
      const options = { kind: "publishable" } as const;
      const owner = { id: organization.id, publicId: organization.public_id };
      keys.push((await createToken(env.TOKENS, owner, "bench", options)).token);
    }
    manyOrganizations.set(organization.id, keys);
  }
  return {
    consoleSession: await benchConsoleSession(createDatabase(env.DB), BIG_ORGANIZATION),
    batches,
    manyOrganizationKeys: manyOrganizations,
    importSeconds: seconds,
    tokens: pool,
    largeTokens: large,
    publishableKeys: publishable,
  };
});

// 2. The runtime's ceiling and the platform's floors, started here and kept up beside the
// project's server: a bare Worker, with its start-up measured; a bare Worker making only the
// rate limiter call, and one making it and a read's own D1 batch, on a copy of the local D1. Each
// read is then measured in rounds alternating with its floor (scripts/lib/bench-pairs.ts).

/** wrangler dev started, its workerd CPU and wall until it first answered, then one request's. */
async function startMeasured(start: () => ReturnType<typeof startWranglerDev>, firstUrl: string) {
  const startedAt = performance.now();
  const server = await start();
  const readyAt = performance.now();
  const readyCpu = workerdCpuMs(server.pid ?? 0);
  await (await fetch(firstUrl)).arrayBuffer();
  const startup: Startup = {
    readyCpuMs: readyCpu,
    readyWallMs: readyAt - startedAt,
    firstRequestCpuMs: workerdCpuMs(server.pid ?? 0) - readyCpu,
    firstRequestWallMs: performance.now() - readyAt,
  };
  return { server, startup };
}

async function stop(worker: Awaited<ReturnType<typeof startWranglerDev>>) {
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.once("exit", resolve));
}

const serverAt = (port: number, worker: Awaited<ReturnType<typeof startWranglerDev>>) => {
  worker.stdout?.resume();
  worker.stderr?.resume();
  return { base: `http://127.0.0.1:${String(port)}`, pid: worker.pid };
};
const answers = (name: string, path: string): Scenario => ({
  name,
  read: false,
  requests: [{ method: "GET", path }],
});

step("starting a bare Worker");
const bare = await startMeasured(
  () => startBareWorker(BARE_PORT),
  `http://127.0.0.1:${String(BARE_PORT)}/`,
);
const bareServer = serverAt(BARE_PORT, bare.server);
const bareScenario = answers(
  "bare Worker (fetch answers a small JSON, behind the project's static assets)",
  "/",
);
// The same Worker without static assets, paired with the bare Worker: what the Static Assets
// router in front costs locally.
const noAssets = await startBareWorker(NO_ASSETS_PORT, undefined, false);
const bareWithoutAssets = (
  await measurePaired(
    serverAt(NO_ASSETS_PORT, noAssets),
    answers("bare Worker without static assets (shown, not a floor)", "/"),
    bareServer,
    bareScenario,
  )
).read;
await stop(noAssets);

const { scenarios, cacheHitsOnMisses } = benchScenarios({
  tokens,
  largeTokens,
  publishableKeys,
  manyOrganizationKeys,
  consoleSession,
});
// A copy of the dataset for the floor Worker, made before the project's server opens it: two
// wrangler devs on one local D1 file contend for its locks, and a few reads of either failed
// (503) while they were up side by side.
rmSync(FLOOR_STATE, { recursive: true, force: true });
cpSync(STATE, FLOOR_STATE, { recursive: true });

// 3. wrangler dev on that state, its start-up measured up to a first public read; its output
// is drained, and searched for the cron's log line.
step("starting wrangler dev");
const project = await startMeasured(
  () =>
    startWranglerDev({
      port: PORT,
      persistTo: STATE,
      extraArgs: ["--test-scheduled", "--inspector-port", String(INSPECTOR_PORT)],
    }),
  `${BASE}/api/v2/organizations/1000/peer_supporters?key=${publishableKeys[0] ?? ""}`,
);
const server = project.server;
const projectServer: Server = { base: BASE, pid: server.pid };
let cronLine: string | undefined;
server.stdout?.on("data", (chunk: Buffer) => {
  cronLine ??= chunk
    .toString()
    .split("\n")
    .find((line) => line.includes('"event":"mentor_status_refresh"'));
});
server.stderr?.resume();
const stopServer = () => server.kill("SIGTERM");

// The floor Worker: each read's platform calls (the limiter call, and a D1-backed read's batch)
// and then the read's own answer, fetched from the project's server now; and one read's answer
// alone, to show what answering costs the runtime.
step("starting the floor Worker (the limiter call, the reads' D1 batches and answers)");
const answered = scenarios.filter((s) => s.floor !== undefined && s.floor !== BARE_FLOOR);
const floorWork: Record<string, FloorWork> = {};
for (const scenario of answered) {
  const batch = scenario.floor === LIMITER_FLOOR ? undefined : batches[scenario.floor ?? ""];
  if (scenario.floor !== LIMITER_FLOOR && !batch) {
    fail(`${scenario.name}: no D1 batch named ${scenario.floor ?? ""}`);
  }
  floorWork[scenario.name] = { batch, answer: await capturedAnswer(BASE, scenario) };
}
const answerShown = answered.find((s) => s.floor !== LIMITER_FLOOR);
if (!answerShown) fail("no D1-backed read to show its answer's cost");
floorWork[ANSWER_ONLY] = { answer: floorWork[answerShown.name]?.answer };
const floorWorker = await startBareWorker(FLOOR_PORT, {
  d1: { persistTo: FLOOR_STATE, floors: floorWork },
});
const floorServer = serverAt(FLOOR_PORT, floorWorker);
const limiterScenario = answers("floor: bare Worker + the limiter call", LIMITER_PATH);
/** Where a read's floor is answered, its scenario, and the name of its row. */
function floorOf(read: Scenario): { server: Server; scenario: Scenario; row: string } {
  if (read.floor === undefined || read.floor === BARE_FLOOR) {
    return { server: bareServer, scenario: bareScenario, row: BARE_FLOOR };
  }
  const work = read.floor === LIMITER_FLOOR ? "" : ` + the D1 batch of ${read.floor}`;
  const name = `floor: bare Worker + the limiter call${work} + the answer of ${read.name}`;
  return { server: floorServer, scenario: answers(name, floorPath(read.name)), row: name };
}

// 4. Load, one scenario at a time, at fixed concurrency: a read with a floor in rounds
// alternating with it, the rest for one fixed duration.
const measured: Measured[] = [];
const floorRounds = new Map<string, Measured[]>();
for (const scenario of scenarios) {
  if (scenario.floor === undefined) {
    measured.push(await load(BASE, server.pid, scenario));
    continue;
  }
  const floor = floorOf(scenario);
  const pair = await measurePaired(projectServer, scenario, floor.server, floor.scenario);
  measured.push(pair.read);
  floorRounds.set(floor.row, [...(floorRounds.get(floor.row) ?? []), ...pair.floorRounds]);
}
// Shown, not a floor: one read's answer alone (its headers and body) against the limiter call,
// whose rounds make the limiter floor's row.
const answerPair = await measurePaired(
  floorServer,
  answers(
    `bare Worker + the limiter call + the answer of ${answerShown.name} (shown, not a floor)`,
    floorPath(ANSWER_ONLY),
  ),
  floorServer,
  limiterScenario,
);
const answerCost = answerPair.read;
floorRounds.set(LIMITER_FLOOR, answerPair.floorRounds);
await stop(floorWorker);
// The search target's ratios: each term at 50,000 in rounds alternating with that organization's
// first page, as a read with its floor.
const largeFirstPage = scenarios.find((s) => s.name === LARGE_FIRST_PAGE);
if (!largeFirstPage) fail(`no scenario named ${LARGE_FIRST_PAGE}`);
const searchRatios = new Map<string, number>();
for (const name of LARGE_SEARCHES) {
  const term = scenarios.find((s) => s.name === name);
  if (!term) fail(`no scenario named ${name}`);
  const pair = await measurePaired(projectServer, term, projectServer, largeFirstPage);
  searchRatios.set(name, pair.read.paired?.ratio ?? Number.NaN);
}
await stop(bare.server);
// Each floor's row: every round it ran, beside whichever read.
const floors = new Map([...floorRounds].map(([name, rounds]) => [name, combinedRounds(rounds)]));
const bareMeasured = floors.get(BARE_FLOOR);
if (!bareMeasured) fail("the bare Worker was never measured");
floors.delete(BARE_FLOOR);
// The miss scenario is only that if no request of it was served from the cache.
if (cacheHitsOnMisses() > 0) {
  fail(`the cache-miss scenario had ${String(cacheHitsOnMisses())} cache hits`);
}
step("the public roster under load");
const publicUnderLoad = await publicRosterUnderLoad(BASE, server.pid, publishableKeys);

// 4a. Bursts of concurrent writes to one mentor: lost updates and history chain breaks (issue 20).
step("bursts of concurrent writes to one mentor");
const writeBursts = await measureWriteBursts(BASE, tokens);

// 4b. Where the CPU goes: a short profiled pass of each read, after (not during) its measurement.
step("profiling the reads through the inspector");
const inspector = await connectInspector(INSPECTOR_PORT);
const sourceMap = devBundleSourceMap();
const profiles: Record<string, Record<string, number>> = {};
for (const scenario of scenarios.filter((s) => s.read)) {
  let requests = 0;
  // The edge cache's copies of its measurement are stale by now: warmed again, outside the
  // profile (which divides by the requests it served), twice: the first read stores a copy,
  // the second is the cache's hit that the isolate keeps (hot-copies.ts).
  for (let pass = 0; pass < 2; pass++) {
    for (const path of scenario.warm ?? []) await (await fetch(new URL(path, BASE))).arrayBuffer();
  }
  const profile = await cpuProfile(inspector, async () => {
    requests = (await load(BASE, undefined, { ...scenario, warm: [] }, PROFILE_SECONDS)).requests;
  });
  profiles[scenario.name] = profileBreakdown(profile, sourceMap, requests);
}
inspector.close();

// 5. The cron over the 100,000 mentors, 10% of them due to change, with 100 organizations'
// notification settings saved, at this week's Tuesday 12:00 UTC through Miniflare's scheduled
// route: a chosen hour that is never Monday morning in Oslo, so every run does the same work
// (no weekly digests) whenever it runs.
step("firing the cron");
const tuesday = new Date();
tuesday.setUTCDate(tuesday.getUTCDate() - ((tuesday.getUTCDay() + 6) % 7) + 1);
tuesday.setUTCHours(12, 0, 0, 0);
const cronStarted = performance.now();
await fetch(
  `${BASE}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("0 * * * *")}&time=${String(tuesday.getTime())}`,
);
const cronWallMs = performance.now() - cronStarted;
for (let wait = 0; !cronLine && wait < 20; wait++) await new Promise((r) => setTimeout(r, 250));
const cron = cronLine ? (JSON.parse(cronLine.slice(cronLine.indexOf("{"))) as CronLine) : undefined;
stopServer();

// 6. The bundle as `wrangler deploy` would upload it.
step("measuring the bundle");
rmSync(BUNDLE_DIR, { recursive: true, force: true });
const build = spawnSync(
  process.execPath,
  [WRANGLER, "deploy", "--dry-run", "--outdir", BUNDLE_DIR],
  {
    cwd: PROJECT_ROOT,
    stdio: "ignore",
    env: wranglerEnv,
  },
);
if (build.status !== 0) fail("wrangler deploy --dry-run failed.");
const bundleGzipKiB = gzipSync(readFileSync(join(BUNDLE_DIR, "index.js"))).length / 1024;
await buildAssets();
const widgetGzipKiB = gzipSync(readFileSync(WIDGET_FILE)).length / 1024;

// 7. BENCHMARKS.md
const report = benchmarksReport({
  measured,
  publicUnderLoad,
  bare: bareMeasured,
  bareWithoutAssets,
  answerCost,
  searchRatios,
  floors,
  startup: { bare: bare.startup, project: project.startup },
  importGrowth,
  d1Milliseconds,
  profiles,
  importSeconds,
  tokenPool: TOKEN_POOL,
  cron: cron ? { ...cron, wallMs: cronWallMs } : undefined,
  bundleGzipKiB,
  widgetGzipKiB,
  writeBursts,
});
writeFileSync(join(PROJECT_ROOT, "BENCHMARKS.md"), report);
step("wrote BENCHMARKS.md");
console.log(report);
process.exit(0);
