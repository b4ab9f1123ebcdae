// The floors of npm run bench: what a read costs before any code of ours runs,
// as a bare Worker making only the platform's calls that read makes.
import { eq, and } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { peerMentors } from "../../src/db/schema.ts";
import { mentorListStatements } from "../../src/peer-mentors/queries.ts";
import { publicFieldsStatement } from "../../src/peer-supporters/public/settings.ts";
import { rosterStatements } from "../../src/peer-supporters/roster/queries.ts";
import type { RawStatement } from "./bare-worker.ts";
import { BIG_ORGANIZATION, LARGE_ORGANIZATION, RARE_LAST_NAME } from "./bench-dataset.ts";

/** The floor of a read answered without D1 (an edge-cached public hit): the limiter call alone. */
export const LIMITER_FLOOR = "limiter";
/** The floor of the route without I/O (the middleware chain): the bare Worker itself. */
export const BARE_FLOOR = "bare";

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
