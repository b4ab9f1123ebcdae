// The targets of npm run bench (issue 29), each a ratio or a difference within one run.
import { BARE_FLOOR, LIMITER_FLOOR } from "./bench-floors.ts";
import {
  LARGE_FIRST_PAGE,
  LARGE_SEARCHES,
  MANY_ORGANIZATIONS,
  NO_IO_ROUTE,
  PUBLIC_HITS,
} from "./bench-scenarios.ts";
import { PAIRED_ROUNDS } from "./bench-pairs.ts";
import type { Measured } from "./load.ts";

/** What a new isolate costs: workerd's CPU and wall until it first answered, then one request's. */
export type Startup = {
  readyCpuMs: number;
  readyWallMs: number;
  firstRequestCpuMs: number;
  firstRequestWallMs: number;
};

export type TargetInputs = {
  measured: Measured[];
  bare: Measured;
  floors: Map<string, Measured>;
  startup: { bare: Startup; project: Startup };
  importGrowth: { share: number; seconds: number }[];
  importSeconds: number;
  /** Each LARGE_SEARCHES read's CPU over its first page's, in alternating rounds (bench.ts). */
  searchRatios: Map<string, number>;
};

// Our own share of a D1-backed read over its floor, and of the middleware chain over bare.
export const OWN_SHARE_MS = 1.0;
// A public hit: at most its floor (the limiter call and its own answer) plus this.
const PUBLIC_HIT_OVER_FLOOR_MS = 1.0;
// Search on the 50,000-supporter organization: at most this times its first page's CPU.
const SEARCH_CPU_RATIO = 1.5;
const IMPORT_TARGET_SECONDS = 10;
const FIRST_REQUEST_CPU_MS = 100;
const PUBLIC_MISS = "v2 public roster, cache miss (first page)";

const pass = (ok: boolean) => (ok ? "met" : "**not met**");
const ms = (value: number) => value.toFixed(2);
// A difference with its sign: "+0.42", "-0.03".
const signed = (value: number) => `${value < 0 ? "" : "+"}${ms(value)}`;

/** A read's CPU per request over its floor's in the same rounds (bench-pairs.ts), where it has one. */
export function overFloor(m: Measured): number | undefined {
  return m.paired?.overFloorMs;
}

/** The targets table's rows: target, measured, met or not. */
export function targetRows(inputs: TargetInputs): string[] {
  const { measured, startup } = inputs;
  const find = (name: string) => measured.find((m) => m.name === name);
  const rows: string[] = [];
  const row = (target: string, figures: string, ok: boolean) =>
    rows.push(`| ${target} | ${figures} | ${pass(ok)} |`);

  const d1Reads = measured.filter(
    (m) =>
      m.read &&
      m.floor &&
      m.floor !== LIMITER_FLOOR &&
      m.floor !== BARE_FLOOR &&
      m.name !== PUBLIC_MISS,
  );
  const shares = d1Reads.map((m) => ({ m, over: overFloor(m) ?? Infinity }));
  row(
    `every D1-backed read: CPU at most its floor (bare Worker + limiter call + its own D1 batch + its own answer) + ${ms(OWN_SHARE_MS)} ms`,
    shares.map(({ m, over }) => `${m.name}: ${signed(over)}`).join("; "),
    shares.every(({ over }) => over <= OWN_SHARE_MS),
  );

  const noIo = find(NO_IO_ROUTE);
  const noIoOver = noIo ? (overFloor(noIo) ?? Infinity) : Infinity;
  row(
    `the middleware chain without I/O (GET /health, in rounds alternating with the bare Worker): at most the bare Worker + ${ms(OWN_SHARE_MS)} ms`,
    `bare ${ms(noIo?.paired?.floorCpuMs ?? Number.NaN)} ms; /health ${ms(noIo?.cpuMsPerRequest ?? Number.NaN)} ms (${signed(noIoOver)})`,
    noIoOver <= OWN_SHARE_MS,
  );

  // The limiter floor alone (its median over the run), for the figure issue 29 names beside each hit's own.
  const limiterAlone = inputs.floors.get(LIMITER_FLOOR)?.cpuMsPerRequest ?? Number.NaN;
  for (const name of Object.values(PUBLIC_HITS)) {
    const many = find(`${name}${MANY_ORGANIZATIONS}`);
    const one = find(name);
    const over = (m: Measured | undefined) => (m ? (overFloor(m) ?? Infinity) : Infinity);
    const overLimiter = (m: Measured | undefined) =>
      signed((m?.cpuMsPerRequest ?? NaN) - limiterAlone);
    row(
      `${name}, many organizations: at most its floor (the limiter call and the hit's own answer) + ${ms(PUBLIC_HIT_OVER_FLOOR_MS)} ms`,
      `floor ${ms(many?.paired?.floorCpuMs ?? Number.NaN)} ms; 100 organizations: ${signed(over(many))}; one organization: ${signed(over(one))}; over the limiter call alone (${ms(limiterAlone)} ms, not paired): ${overLimiter(many)} and ${overLimiter(one)}`,
      over(many) <= PUBLIC_HIT_OVER_FLOOR_MS,
    );
  }

  const largeFirst = find(LARGE_FIRST_PAGE);
  const ratio = (name: string) => inputs.searchRatios.get(name) ?? Infinity;
  row(
    `search at 50,000 supporters, terms of 1, 2 and 3+ code points: CPU at most ${String(SEARCH_CPU_RATIO)} × that organization's first page (the median of the ratios of ${String(PAIRED_ROUNDS)} rounds taking turns with it)`,
    `first page ${largeFirst ? ms(largeFirst.cpuMsPerRequest) : "?"} ms; ${LARGE_SEARCHES.map((name) => `${name}: ${ms(find(name)?.cpuMsPerRequest ?? NaN)} ms, ${ratio(name).toFixed(2)} ×`).join("; ")}`,
    LARGE_SEARCHES.every((name) => ratio(name) <= SEARCH_CPU_RATIO),
  );

  const growth = [...inputs.importGrowth, { share: 1, seconds: inputs.importSeconds }].map(
    ({ share, seconds }) => `${String(share * 100)}%: ${seconds.toFixed(1)} s`,
  );
  row(
    `the bench dataset imports in under ${String(IMPORT_TARGET_SECONDS)} s`,
    growth.join("; "),
    inputs.importSeconds < IMPORT_TARGET_SECONDS,
  );

  const { bare: b, project: p } = startup;
  row(
    `start-up: a new isolate's first public read under ${String(FIRST_REQUEST_CPU_MS)} ms CPU (workerd's CPU and wall until it first answered /health shown beside it)`,
    `first request: ${ms(p.firstRequestCpuMs)} ms CPU, ${ms(p.firstRequestWallMs)} ms wall (bare Worker's: ${ms(b.firstRequestCpuMs)} ms, ${ms(b.firstRequestWallMs)} ms); until ready: ${p.readyCpuMs.toFixed(0)} ms CPU, ${p.readyWallMs.toFixed(0)} ms wall (bare Worker's: ${b.readyCpuMs.toFixed(0)} ms, ${b.readyWallMs.toFixed(0)} ms)`,
    p.firstRequestCpuMs < FIRST_REQUEST_CPU_MS,
  );
  return rows;
}
