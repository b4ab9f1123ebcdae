// A read and its floor measured in alternating rounds, so both see the same machine.
import { load, type Measured, type Scenario } from "./load.ts";

/**
 * Rounds of a paired measurement and each round's length. The floor and the
 * read take turns (floor, read, floor, read, …) on servers that stay up side
 * by side, and the read's share is the median of the rounds' differences: on
 * a shared 2-core machine the CPU a request costs drifts by a third over a
 * run, more than the targets' 1 ms, and a floor measured minutes apart from
 * its read carried that drift into the difference (BENCHMARKS.md of earlier
 * runs: floors above their own reads). Seven rounds of 3 s rather than five
 * of 4: the same time per read, and one round the machine spoiled moves the
 * median less (five rounds moved a read's + floor by up to 0.9 ms between runs).
 */
export const PAIRED_ROUNDS = 7;
export const PAIRED_ROUND_SECONDS = 3;

/** A server the bench drives: its URL, and the `wrangler dev` whose workerd CPU is counted. */
export type Server = { base: string; pid: number | undefined };

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** The values without the lowest and the highest: how far the rounds agree, one outlier aside. */
export function innerRange(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const trim = sorted.length > 2 ? 1 : 0;
  return [sorted[trim] ?? Number.NaN, sorted[sorted.length - 1 - trim] ?? Number.NaN];
}

/** Rounds of one scenario as one measurement: medians of the rates, sums of the counts. */
export function combinedRounds(rounds: readonly Measured[]): Measured {
  const [first] = rounds;
  if (!first) throw new Error("no rounds to combine");
  const sum = (pick: (m: Measured) => number) => rounds.reduce((total, m) => total + pick(m), 0);
  const statuses: Record<string, number> = {};
  for (const m of rounds) {
    for (const [status, count] of Object.entries(m.statuses)) {
      statuses[status] = (statuses[status] ?? 0) + count;
    }
  }
  return {
    ...first,
    rps: median(rounds.map((m) => m.rps)),
    p50: median(rounds.map((m) => m.p50)),
    p99: median(rounds.map((m) => m.p99)),
    cpuMsPerRequest: median(rounds.map((m) => m.cpuMsPerRequest)),
    non2xx: sum((m) => m.non2xx),
    statuses,
    errors: sum((m) => m.errors),
    requests: sum((m) => m.requests),
  };
}

/**
 * `read` on `server` and `floor` on `floorServer`, in PAIRED_ROUNDS
 * alternating rounds, the floor first in each. The read comes back with
 * `paired`: the floor's median CPU over the same rounds, and the medians of
 * the rounds' differences and of their ratios (not the difference of the
 * medians, which would let one drifting round count twice). `floorRounds`
 * are the floor's own, for its row. The "floor" may be another read of the
 * same server: the search target pairs each term with its first page.
 */
export async function measurePaired(
  server: Server,
  read: Scenario,
  floorServer: Server,
  floor: Scenario,
): Promise<{ read: Measured; floorRounds: Measured[] }> {
  const readRounds: Measured[] = [];
  const floorRounds: Measured[] = [];
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    floorRounds.push(await load(floorServer.base, floorServer.pid, floor, PAIRED_ROUND_SECONDS));
    readRounds.push(await load(server.base, server.pid, read, PAIRED_ROUND_SECONDS));
  }
  const differences = readRounds.map(
    (m, i) => m.cpuMsPerRequest - (floorRounds[i]?.cpuMsPerRequest ?? Number.NaN),
  );
  return {
    read: {
      ...combinedRounds(readRounds),
      paired: {
        floorCpuMs: median(floorRounds.map((m) => m.cpuMsPerRequest)),
        overFloorMs: median(differences),
        overFloorRange: innerRange(differences),
        ratio: median(
          readRounds.map((m, i) => m.cpuMsPerRequest / (floorRounds[i]?.cpuMsPerRequest ?? NaN)),
        ),
      },
    },
    floorRounds,
  };
}
