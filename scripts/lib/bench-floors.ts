// The floors of npm run bench: what a read costs before any code of ours runs,
// as a bare Worker making only the platform's calls that read makes.
import { eq, and } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { peerMentors } from "../../src/db/schema.ts";
import { mentorListStatements } from "../../src/peer-mentors/queries.ts";
import { publicFieldsStatement } from "../../src/peer-supporters/public/settings.ts";
import { rosterStatements } from "../../src/peer-supporters/roster/queries.ts";
import type { Answer, RawStatement } from "./bare-worker.ts";
import type { Scenario } from "./load.ts";
import { BIG_ORGANIZATION, LARGE_ORGANIZATION, RARE_LAST_NAME } from "./bench-dataset.ts";

/** The floor of a read answered without D1 (an edge-cached public hit): the limiter call alone. */
export const LIMITER_FLOOR = "limiter";
/** The floor of the route without I/O (the middleware chain): the bare Worker itself. */
export const BARE_FLOOR = "bare";
/** The floor Worker's answer of one read alone, without its batch: what answering costs. */
export const ANSWER_ONLY = "answer alone";

export const V2_PAGE_SIZE = 10;
export const V2_LAST_PAGE_ITEMS = 100;
// 5,000 supporters, 100 a page.
export const V2_LAST_PAGE = 50;
export const V1_PAGE_SIZE = 20;
export const V1_GET_MENTOR = "mentor_bench000000";

/** Each D1-backed read shape of the bench: the organization, the term as typed, the page. */
const ROSTER_SHAPES = {
  "v2 first page": { organizationId: BIG_ORGANIZATION.id, search: undefined, page: 1 },
  "v2 first page, 50,000": { organizationId: LARGE_ORGANIZATION.id, search: undefined, page: 1 },
  "v2 last page of 100": {
    organizationId: BIG_ORGANIZATION.id,
    search: undefined,
    page: V2_LAST_PAGE,
    items: V2_LAST_PAGE_ITEMS,
  },
  "v2 q øyvind": { organizationId: BIG_ORGANIZATION.id, search: "øyvind", page: 1 },
  "v2 q rare, 5,000": { organizationId: BIG_ORGANIZATION.id, search: RARE_LAST_NAME, page: 1 },
  "v2 q rare, 50,000": { organizationId: LARGE_ORGANIZATION.id, search: RARE_LAST_NAME, page: 1 },
  ...Object.fromEntries(
    ["e", "øy", "per"].flatMap((term) => [
      [`v2 q ${term}, 5,000`, { organizationId: BIG_ORGANIZATION.id, search: term, page: 1 }],
      [`v2 q ${term}, 50,000`, { organizationId: LARGE_ORGANIZATION.id, search: term, page: 1 }],
    ]),
  ),
} as Record<
  string,
  { organizationId: number; search: string | undefined; page: number; items?: number }
>;

export const PUBLIC_FIRST_PAGE_FLOOR = "v2 public first page";
export const V1_LIST_100_FLOOR = "v1 list of 100, soonest expiry first";

const raw = (query: { toSQL(): RawStatement }): RawStatement => {
  const { sql, params } = query.toSQL();
  return { sql, params };
};

/** The D1 batch of every read shape, as the routes build it for the bench's requests. */
export function floorBatches(db: Database): Record<string, RawStatement[]> {
  const batches: Record<string, RawStatement[]> = {};
  for (const [name, { organizationId, search, page, items = V2_PAGE_SIZE }] of Object.entries(
    ROSTER_SHAPES,
  )) {
    const statements = rosterStatements({
      organizationId,
      search,
      limit: items,
      offset: (page - 1) * items,
    });
    batches[name] = [raw(statements.page), raw(statements.total)];
  }
  const publicPage = rosterStatements({
    organizationId: BIG_ORGANIZATION.id,
    search: undefined,
    publicAt: new Date(),
    limit: V2_PAGE_SIZE,
    offset: 0,
  });
  batches[PUBLIC_FIRST_PAGE_FLOOR] = [
    raw(publicPage.page),
    raw(publicPage.total),
    raw(publicFieldsStatement(db, BIG_ORGANIZATION.id)),
  ];
  const list = mentorListStatements({
    organizationId: BIG_ORGANIZATION.id,
    statuses: undefined,
    search: undefined,
    limit: V1_PAGE_SIZE,
    offset: 0,
  });
  batches["v1 list"] = [raw(list.page), raw(list.total)];
  const list100 = mentorListStatements({
    organizationId: BIG_ORGANIZATION.id,
    statuses: undefined,
    search: undefined,
    sort: "certification_expiry_date",
    limit: 100,
    offset: 0,
  });
  batches[V1_LIST_100_FLOOR] = [raw(list100.page), raw(list100.total)];
  const get = db
    .select()
    .from(peerMentors)
    .where(
      and(
        eq(peerMentors.organizationId, BIG_ORGANIZATION.id),
        eq(peerMentors.mentorId, V1_GET_MENTOR),
      ),
    )
    .limit(1);
  batches["v1 get"] = [raw(get)];
  return batches;
}

// Set by the HTTP layer for each answer, not by the Worker: the floor's answer gets its own.
const TRANSPORT_HEADERS = new Set([
  "connection",
  "content-length",
  "keep-alive",
  "transfer-encoding",
]);

/**
 * The read's own answer to its first request, fetched once from the project's
 * server before the load: the status, the headers the Worker set and the
 * body. The read's floor answers with it, so that the runtime's work for the
 * answer itself (its bytes and headers, which the contract fixes) is in the
 * floor, and + floor is what our code costs.
 */
export async function capturedAnswer(base: string, scenario: Scenario): Promise<Answer> {
  const [first] = scenario.requests;
  if (!first) throw new Error(`${scenario.name}: no request`);
  // An edge-cached read's answer as a hit: its entries stored first, as the load does.
  for (const path of scenario.warm ?? []) await (await fetch(new URL(path, base))).arrayBuffer();
  const { setupRequest } = first;
  const request = typeof setupRequest === "function" ? setupRequest({ ...first }, {}) : first;
  const headers = Object.entries(request.headers ?? {}).flatMap(([name, value]) =>
    typeof value === "string" ? [[name, value] as [string, string]] : [],
  );
  // autocannon asks for no encoding, so the answers under load are not compressed; fetch
  // would ask for gzip, and a Response with Content-Encoding is compressed by the runtime.
  const response = await fetch(new URL(request.path ?? "/", base), {
    method: request.method ?? "GET",
    headers: [...headers, ["accept-encoding", "identity"]],
  });
  if (response.headers.has("content-encoding")) {
    throw new Error(`${scenario.name}: answered with Content-Encoding, which the load never gets`);
  }
  return {
    status: response.status,
    headers: [...response.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name)),
    body: await response.text(),
  };
}
