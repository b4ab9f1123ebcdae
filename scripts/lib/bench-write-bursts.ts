// Issue 20 §5: bursts of concurrent writes to one mentor, against a running server, and how
// many of them were lost. Run alone with `node scripts/lib/bench-write-bursts.ts <base> <keys>`.

/** Bursts of this many writes at once to one mentor, this many times. */
export const BURST_WRITES = 20;
export const BURSTS = 50;

export type WriteBurstResults = {
  bursts: number;
  writes: number;
  /** Answers by status: 200 landed, 412 refused by If-Match, anything else a failure. */
  statuses: Record<string, number>;
  /** Fields whose final value is none that an answered-200 write of that field set. */
  lostUpdates: number;
  /** Status history rows whose from_status is not the previous row's to_status. */
  chainBreaks: number;
  /** Wall time of a whole burst, ms. */
  p50: number;
  p99: number;
};

type Write = {
  path: string;
  method: "PUT" | "PATCH";
  body: Record<string, unknown>;
  /** The field this write sets, and the value it must then show; none for status writes. */
  field?: "full_name" | "phone" | "certification_expiry_date";
  value?: string;
};

const STATUSES = ["paused", "active", "expired"] as const;

/** The burst's writes: names, phones, expiry dates and statuses in turn, every other one with If-Match. */
function burstWrites(path: string, burst: number): Write[] {
  return Array.from({ length: BURST_WRITES }, (_, i): Write => {
    const unique = `${String(burst)}-${String(i)}`;
    switch (i % 4) {
      case 0:
        return {
          path,
          method: "PUT",
          body: { full_name: `Burst ${unique}` },
          field: "full_name",
          value: `Burst ${unique}`,
        };
      case 1:
        return {
          path,
          method: "PUT",
          body: { phone: `+47 4${String(burst).padStart(3, "0")} ${String(i).padStart(4, "0")}` },
          field: "phone",
          value: `+47 4${String(burst).padStart(3, "0")} ${String(i).padStart(4, "0")}`,
        };
      case 2: {
        const date = `2031-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (burst % 28)).padStart(2, "0")}T00:00:00Z`;
        return {
          path: `${path}/certification-expiry`,
          method: "PATCH",
          body: { expiry_date: date },
          field: "certification_expiry_date",
          value: date,
        };
      }
      default:
        return { path: `${path}/status`, method: "PATCH", body: { status: STATUSES[i % 3] } };
    }
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs the bursts against `base`, rotating over `tokens` (the rate limit is per token). */
export async function measureWriteBursts(
  base: string,
  tokens: readonly string[],
  { bursts = BURSTS }: { bursts?: number } = {},
): Promise<WriteBurstResults> {
  const statuses: Record<string, number> = {};
  let lostUpdates = 0;
  let chainBreaks = 0;
  const durations: number[] = [];
  let turn = 0;
  const call = async (
    path: string,
    method: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const token = tokens[turn++ % tokens.length] ?? "";
    return fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  for (let burst = 0; burst < bursts; burst++) {
    const created = await call("/api/v1/peer-mentors", "POST", {
      full_name: `Burst ${String(burst)}`,
      email: `burst-${String(Date.now())}-${String(burst)}@bench.no`,
      certification_expiry_date: "2030-06-01",
    });
    if (created.status !== 201)
      throw new Error(`creating the burst's mentor answered ${String(created.status)}`);
    const tag = created.headers.get("ETag") ?? "";
    const { mentor_id } = await created.json<{ mentor_id: string }>();
    const path = `/api/v1/peer-mentors/${mentor_id}`;
    const writes = burstWrites(path, burst);
    const started = performance.now();
    const answers = await Promise.all(
      writes.map((write, i) =>
        call(write.path, write.method, write.body, i % 2 === 1 ? { "If-Match": tag } : {}),
      ),
    );
    durations.push(performance.now() - started);
    for (const answer of answers) {
      statuses[String(answer.status)] = (statuses[String(answer.status)] ?? 0) + 1;
      await answer.body?.cancel();
    }
    const mentor = await (await call(path, "GET")).json<Record<string, unknown>>();
    for (const field of ["full_name", "phone", "certification_expiry_date"] as const) {
      const landed = writes.filter(
        (write, i) => write.field === field && answers[i]?.status === 200,
      );
      if (landed.length > 0 && !landed.some((write) => write.value === mentor[field]))
        lostUpdates++;
    }
    const history = await (
      await call(`${path}/status-history`, "GET")
    ).json<{
      data: { from_status: string; to_status: string }[];
    }>();
    let previous = "active";
    for (const change of history.data.reverse()) {
      if (change.from_status !== previous) chainBreaks++;
      previous = change.to_status;
    }
    if (previous !== mentor.status) chainBreaks++;
  }
  durations.sort((a, b) => a - b);
  return {
    bursts,
    writes: bursts * BURST_WRITES,
    statuses,
    lostUpdates,
    chainBreaks,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
  };
}

/** The BENCHMARKS.md section of the bursts. */
export function writeBurstsSection(results: WriteBurstResults | undefined): string {
  if (!results) return "";
  const statuses = Object.entries(results.statuses)
    .map(([status, count]) => `${status}: ${String(count)}`)
    .join(", ");
  return `
## Concurrent writes to one mentor

${String(results.bursts)} bursts of ${String(BURST_WRITES)} writes sent at once to one new mentor each (PUT name, PUT phone, PATCH expiry date, PATCH status in turn; every other write with \`If-Match\` of the mentor as created, so at most one of those may land), ${String(results.writes)} writes in all (\`scripts/lib/bench-write-bursts.ts\`). Answers: ${statuses}. A burst took ${results.p50.toFixed(0)} ms at p50 and ${results.p99.toFixed(0)} ms at p99.

| check | measured | |
| --- | --- | --- |
| lost updates (a field whose final value no answered-200 write of it set) | ${String(results.lostUpdates)} | ${results.lostUpdates === 0 ? "met" : "**not met**"} |
| status history chain breaks (a row's from_status not the previous to_status, or the last not the mentor's status) | ${String(results.chainBreaks)} | ${results.chainBreaks === 0 ? "met" : "**not met**"} |
| answers other than 200 and 412 | ${String(
    Object.entries(results.statuses)
      .filter(([s]) => s !== "200" && s !== "412")
      .reduce((sum, [, n]) => sum + n, 0),
  )} | ${Object.keys(results.statuses).every((s) => s === "200" || s === "412") ? "met" : "**not met**"} |
`;
}

// Alone: node scripts/lib/bench-write-bursts.ts http://localhost:8787 <secret key>[,<key>…] [bursts]
if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const [base = "http://localhost:8787", token = "", bursts = String(BURSTS)] =
    process.argv.slice(2);
  const results = await measureWriteBursts(base, token.split(","), { bursts: Number(bursts) });
  console.log(JSON.stringify(results, null, 2));
  console.log(writeBurstsSection(results));
}
