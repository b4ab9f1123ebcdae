import { readFileSync } from "node:fs";
import os from "node:os";
import { CONSOLE_LIST, V1_LIST_100 } from "./bench-scenarios.ts";
import { join } from "node:path";
import { WIDGET_MAX_GZIP_KIB } from "./assets.ts";
import { PROJECT_ROOT } from "./bindings.ts";
import { writeBurstsSection, type WriteBurstResults } from "./bench-write-bursts.ts";
import { PAIRED_ROUND_SECONDS, PAIRED_ROUNDS } from "./bench-pairs.ts";
import { LOAD, type Measured } from "./load.ts";
import { LIMITER_FLOOR } from "./bench-floors.ts";
import { overFloor, targetRows, type TargetInputs } from "./bench-targets.ts";

/** The fields of the cron's log line (src/jobs/hourly.ts) the report uses. */
export type CronLine = {
  checked: number;
  changed: Record<string, number>;
  duration_ms: number;
  reminders: number;
  emails: number;
  digest_week: string | null;
};

export type BenchResults = TargetInputs & {
  /** The bare Worker without the project's static assets in front: the assets router's share. */
  bareWithoutAssets: Measured;
  /** The floor Worker answering one read's answer alone, paired with the limiter call. */
  answerCost: Measured;
  /** The public roster at high concurrency for longer (issue 20). */
  publicUnderLoad: Measured;
  /** D1's own time per read shape (scripts/lib/bench-floors.ts). */
  d1Milliseconds: Record<string, number>;
  /** Per read scenario: CPU ms per request of each category, from the isolate's CPU profile. */
  profiles: Record<string, Record<string, number>>;
  tokenPool: number;
  cron: (CronLine & { wallMs: number }) | undefined;
  bundleGzipKiB: number;
  widgetGzipKiB: number;
  writeBursts?: WriteBurstResults;
};

const pass = (ok: boolean) => (ok ? "met" : "**not met**");

/** The profile breakdown: one row per read, one column per category, largest first. */
function profileTable(profiles: BenchResults["profiles"]): string {
  const totals = new Map<string, number>();
  for (const breakdown of Object.values(profiles)) {
    for (const [category, ms] of Object.entries(breakdown)) {
      totals.set(category, (totals.get(category) ?? 0) + ms);
    }
  }
  const categories = [...totals].sort((a, b) => b[1] - a[1]).map(([category]) => category);
  const rows = Object.entries(profiles).map(([name, breakdown]) => {
    const sum = Object.values(breakdown).reduce((a, b) => a + b, 0);
    return `| ${name} | ${sum.toFixed(2)} | ${categories.map((c) => (breakdown[c] ?? 0).toFixed(2)).join(" | ")} |`;
  });
  return [
    `| read | profiled total | ${categories.join(" | ")} |`,
    `| --- | ---: | ${categories.map(() => "---:").join(" | ")} |`,
    ...rows,
  ].join("\n");
}

/** One long, wide run: what a visitor would have seen, status by status. */
function underLoad(m: Measured): string {
  const statuses = Object.entries(m.statuses)
    .map(([status, count]) => `${status}: ${String(count)}`)
    .join(", ");
  return `${m.name}, for the run's length, over the publishable key pool: ${String(m.requests)} requests, ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, ${m.cpuMsPerRequest.toFixed(2)} ms CPU per request; statuses ${statuses || "none"}; ${String(m.errors)} connection errors or timeouts.`;
}

/** BENCHMARKS.md from one run's results. */
export function benchmarksReport(results: BenchResults): string {
  const { measured, bare, floors, d1Milliseconds, cron } = results;
  const consoleList = measured.find((m) => m.name === CONSOLE_LIST);
  const v1List100 = measured.find((m) => m.name === V1_LIST_100);
  const workerd = (
    JSON.parse(
      readFileSync(join(PROJECT_ROOT, "node_modules", "workerd", "package.json"), "utf8"),
    ) as { version: string }
  ).version;
  const cpu = os.cpus();
  const row = (m: Measured) => {
    const over = overFloor(m);
    const d1 = m.floor === undefined ? undefined : d1Milliseconds[m.floor];
    const range = m.paired?.overFloorRange.map((value) => value.toFixed(2)).join(" to ");
    return `| ${m.name} | ${m.rps.toFixed(0)} | ${m.cpuMsPerRequest.toFixed(2)} | ${(m.cpuMsPerRequest - bare.cpuMsPerRequest).toFixed(2)} | ${m.paired ? m.paired.floorCpuMs.toFixed(2) : ""} | ${over === undefined ? "" : over.toFixed(2)} | ${range ?? ""} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${d1?.toFixed(1) ?? ""} | ${String(m.non2xx)} | ${String(m.errors)} |`;
  };

  return `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; reproduce with:

\`\`\`sh
npm install && npm run bench
\`\`\`

Machine: ${String(cpu.length)} × ${cpu[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}; Node ${process.version}; workerd ${workerd} under \`wrangler dev\` (local D1 is SQLite on this disk, so these numbers compare routes with each other and with the runtime, not with Cloudflare's network).

Dataset: 101 organizations, 80,000 organization members (organization 1000 has 5,000 peer supporters, organization 1100 has 50,000; Norwegian and English names; 20 supporters of each of the two carry the rare last name searched below), platform profiles for a third of the users, 100,000 peer mentors with expiry dates from two years back to two years ahead. Imported through \`importDataset\` (staged JSON chunks, then one batch) in ${results.importSeconds.toFixed(1)} s.

Load: autocannon, ${String(LOAD.connections)} connections; a read with a floor in ${String(PAIRED_ROUNDS)} rounds of ${String(PAIRED_ROUND_SECONDS)} s taking turns with its floor, any other scenario for ${String(LOAD.seconds)} s; requests rotating over ${String(results.tokenPool)} secret keys of organization 1000 (one key would hit the 600/min rate limit), or over publishable keys for the public roster. Latencies in ms.

- **CPU ms** is the CPU time (user + system, from \`/proc/<pid>/stat\`) of the serving \`wrangler dev\`'s \`workerd\` processes over the scenario, divided by the requests served: what Cloudflare bills and limits. **+ bare** is that minus the bare Worker's (a Worker whose \`fetch\` answers a small JSON, on the same wrangler, workerd and compatibility date; its row is the median of every round it ran). The bare and floor Workers serve the project's own \`[assets]\` (the same directory and \`run_worker_first\`), so their requests take the same way in as the project's: through the Static Assets router, a Worker of its own under \`wrangler dev\` and the platform's on Cloudflare, which costs ${(bare.cpuMsPerRequest - results.bareWithoutAssets.cpuMsPerRequest).toFixed(2)} ms per request here (the row without static assets).
- **floor** is the CPU per request of a bare Worker making only the platform's calls the read makes, on a copy of the same local D1 (\`scripts/lib/bench-floors.ts\`): for a D1-backed read the limiter call and the same D1 batch in a session, then the read's own answer (its status, headers and body, fetched from the project once before the load: the contract fixes them, so what the runtime spends carrying them is not ours to shrink; one read's answer alone costs ${overFloor(results.answerCost)?.toFixed(2) ?? "?"} ms over the limiter call here, its row below); for an edge-cached public hit, the limiter call, then the hit's own answer; for \`/health\`, the bare Worker. The floor's server runs beside the project's and the two take turns, round by round (\`scripts/lib/bench-pairs.ts\`), so both see the machine as it is at that minute: its column is the floor's median over the read's own rounds, and **+ floor**, our own share, is the median of the rounds' differences (so it need not equal CPU ms minus floor); **rounds' + floor** is how far those differences spread, the lowest and highest round left out. The \`floor:\` rows are each floor's median over all its rounds.
- **D1 ms** is the database's own time per request for the read's batch (the statements' \`meta.duration\`, mean of 20, measured before the load).

| scenario | req/s | CPU ms | + bare | floor | + floor | rounds' + floor | p50 | p99 | D1 ms | non-2xx | errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${[bare, results.bareWithoutAssets, ...floors.values(), results.answerCost, ...measured].map(row).join("\n")}

## Targets

| target | measured | |
| --- | --- | --- |
${targetRows(results).join("\n")}
| cron over 100,000 mentors under 5 s | ${cron ? `${String(cron.duration_ms)} ms status refresh (${String(cron.checked)} checked, changed ${JSON.stringify(cron.changed)}); ${cron.wallMs.toFixed(0)} ms wall for \`/cdn-cgi/local/scheduled\` at this week's Tuesday 12:00 UTC, with 100 organizations' notification settings: ${String(cron.reminders)} reminders, ${String(cron.emails)} emails written and dispatched (${cron.digest_week === null ? "no weekly digests" : `weekly digests of ${cron.digest_week} included`})` : "no log line seen"} | ${pass(!!cron && cron.wallMs < 5000)} |
| the console's mentor list page (HTML, session, counts per status) against the v1 list's JSON of the same 100 mentors (shown, no target) | v1 JSON ${v1List100?.cpuMsPerRequest.toFixed(2) ?? "?"} ms; console page ${consoleList?.cpuMsPerRequest.toFixed(2) ?? "?"} ms (${consoleList && v1List100 ? (consoleList.cpuMsPerRequest / v1List100.cpuMsPerRequest).toFixed(2) : "?"} ×) | shown |
| bundle (\`wrangler deploy --dry-run\`) under 150 KiB gzip | ${results.bundleGzipKiB.toFixed(1)} KiB | ${pass(results.bundleGzipKiB < 150)} |
| widget (\`/embed/peer-supporters.js\`, a static asset) at most ${String(WIDGET_MAX_GZIP_KIB)} KiB gzip | ${results.widgetGzipKiB.toFixed(1)} KiB | ${pass(results.widgetGzipKiB <= WIDGET_MAX_GZIP_KIB)} |

## The public roster under load

${underLoad(results.publicUnderLoad)}

${writeBurstsSection(results.writeBursts)}
## Where the CPU goes

A CPU profile of the Worker's isolate (V8's sampling profiler through \`wrangler dev --inspector-port\`, 200 µs interval), taken in a separate 3-s pass of each read after its measurement, every sample mapped through wrangler's source map to its source file (\`scripts/lib/profile.ts\`). Milliseconds per request; a native call (JSON.stringify, Headers, crypto) counts for the source that made it. Sampling itself slows the isolate, so these totals run above the Worker's share of **CPU ms**; compare the columns with each other. Outside this isolate, and so in **CPU ms** but not here: wrangler's proxy Worker, local D1 (its Durable Object and SQLite), KV and the rate limiter, each a separate isolate in workerd.

${profileTable(results.profiles)}

## What bounds the results

- The project's, the bare and the floor Workers are \`wrangler dev\`s running side by side (each idle while another is measured) on 2 cores shared with autocannon: every request crosses wrangler's local proxy into workerd and back, and the Static Assets router before the Worker (the bare and floor Workers serve the project's assets too, so the floors include it). Throughput moves by a third between runs on this machine; CPU per request is steadier.
- **D1 and the rate limiter run in workerd too.** Locally, every D1 batch is a call into another isolate (miniflare's D1 Durable Object, which runs the SQL in SQLite and serializes the rows back), and every authenticated request calls the rate limiter binding, another isolate. That CPU is in **CPU ms** here; on Cloudflare it is the database's and the limiter's, not the Worker's. The \`floor:\` rows measure it for each read shape, before any code of ours runs: a bare Worker making the limiter call costs ${floors.get(LIMITER_FLOOR)?.cpuMsPerRequest.toFixed(2) ?? "?"} ms against the bare Worker's ${bare.cpuMsPerRequest.toFixed(2)} ms. So a read's own share is its **+ floor**, and that is what the targets hold.
- **Inside the isolate**, the hot reads' statements (the roster, its public variant and settings, the v1 list and get) are built once per isolate for each shape with placeholders and bound per request on the request's own D1 session (\`src/db/prebuilt.ts\`): drizzle no longer builds their SQL on every request, and their rows are mapped with each column's decoder picked once per statement. What remains named is Hono's routing and context, the middleware chain, the D1 client's own JavaScript and auth (the token cache and the limiter call).
- **The import** is validation in Node, the staging calls (one HTTP round trip per MB from Node into workerd through \`getPlatformProxy\`), and the promotion batch, whose triggers also write both search indexes for every roster member. The short-term index's tokens (every one- and two-code-point substring) are cut by the Worker, in Node here, and staged with the texts: more to stage, less for the batch. Against Cloudflare, the staging calls travel over the network instead.
- **The public roster** (and the topics route and the hosted page) is answered from the Cache API after its first read, and from the isolate's own memory once the Cache API has answered it (\`src/peer-supporters/public/hot-copies.ts\`, while the copy is fresh): no D1 query, no Cache API call, and no KV read while its key sits in the isolate's token cache (10 s). A hosted list page is rendered once for the same reads and given each request's key. The one-organization rows rotate over one organization's key pool and three pages; the many-organizations rows over 3 keys of each of 101 organizations and three pages each, every URL warmed once first. Both pools hold about 300 keys, so each re-reads a key from KV about as often; what differs is the number of cache entries (3 against 303, the hosted page reads three per page) and of organizations whose values the isolate touches.
- **v2 with \`q\`** finds members through one of two FTS5 indexes over the roster (\`member_search\`, trigrams, for three code points or more; \`member_search_short\`, every one- and two-code-point substring, for shorter terms), the trigram index holding the organization as a token that the query ANDs with the term, the short index leading each term with its organization's id (so a short term's list holds only that organization's members): its cost follows the term's matches in this organization, not the roster and not other organizations. A secret read without filters counts from the index alone, so a term that matches almost everyone (\`e\`) costs about what the first page's count of the whole roster costs; a rare one costs less. The trigram AND skips through the term's list, which spans every organization: a common three-letter term (\`per\`) costs more than its matches alone.
- **The last page** pages through member ids on the organization index (a deferred join), so a deep \`OFFSET\` skips 4,990 index entries rather than 4,990 joined rows. It still walks them: only keyset pagination (\`after=<id>\`) would make every page cost the same, and the spec's \`page\` parameter is an offset.
- Writes (the create+update mix) are two D1 round trips each, the budget the tests hold them to (a status change with a webhook subscribed adds one after the response).
`;
}
