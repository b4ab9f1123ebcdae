import autocannon from "autocannon";
import { workerdCpuMs } from "./process-cpu.ts";

const CONNECTIONS = 10;
const DURATION_SECONDS = 10;
export const LOAD = { connections: CONNECTIONS, seconds: DURATION_SECONDS };

export type Scenario = {
  name: string;
  read: boolean;
  requests: autocannon.Request[];
  /** The floor Worker's read this one stands beside (scripts/lib/bench-floors.ts). */
  floor?: string;
  /** Paths fetched once before the load, unmeasured: the edge cache's entries a hit needs. */
  warm?: string[];
};

export type Measured = {
  name: string;
  read: boolean;
  floor?: string;
  rps: number;
  p50: number;
  p99: number;
  /** CPU of the server's workerd processes per request served. */
  cpuMsPerRequest: number;
  non2xx: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  errors: number;
  /** Requests served in all. */
  requests: number;
  /**
   * Measured in rounds alternating with its floor (bench-pairs.ts): the
   * floor's median CPU per request, the medians of the rounds' differences
   * and ratios, and the differences' range without the lowest and highest.
   */
  paired?: {
    floorCpuMs: number;
    overFloorMs: number;
    overFloorRange: [number, number];
    ratio: number;
  };
};

/**
 * Drives `scenario` at `base` with autocannon, at fixed concurrency for a
 * fixed time, and reads the CPU that the workerd processes under `serverPid`
 * (the `wrangler dev` serving it) spent meanwhile.
 */
export async function load(
  base: string,
  serverPid: number | undefined,
  scenario: Scenario,
  seconds = DURATION_SECONDS,
  connections = CONNECTIONS,
): Promise<Measured> {
  console.error(`[bench] load: ${scenario.name}`);
  for (const path of scenario.warm ?? []) await (await fetch(new URL(path, base))).arrayBuffer();
  const cpuBefore = serverPid ? workerdCpuMs(serverPid) : 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: scenario.requests,
  });
  const cpuMs = serverPid ? workerdCpuMs(serverPid) - cpuBefore : Number.NaN;
  return {
    name: scenario.name,
    read: scenario.read,
    ...(scenario.floor === undefined ? {} : { floor: scenario.floor }),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpuMs / Math.max(result.requests.total, 1),
    non2xx: result.non2xx,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [
        status,
        count ?? 0,
      ]),
    ),
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
  };
}
