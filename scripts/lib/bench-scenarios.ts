// The load scenarios of npm run bench (scripts/bench.ts): each a route as a
// client calls it, over the keys the bench created.
import type autocannon from "autocannon";
import { BIG_ORGANIZATION, LARGE_ORGANIZATION, RARE_LAST_NAME } from "./bench-dataset.ts";
import {
  BARE_FLOOR,
  LIMITER_FLOOR,
  PUBLIC_FIRST_PAGE_FLOOR,
  V1_GET_MENTOR,
  V1_LIST_100_FLOOR,
  V2_LAST_PAGE,
  V2_LAST_PAGE_ITEMS,
} from "./bench-floors.ts";
import type { Scenario } from "./load.ts";

const RARE_NAME_QUERY = `q=${encodeURIComponent(RARE_LAST_NAME.toLowerCase())}`;
// The pages a visitor mix asks for, with the widget's page size.
const PUBLIC_PAGES = [1, 2, 3];
const WIDGET_ITEMS = 12;

/**
 * Terms as the widget sends them while a visitor types: one and two code
 * points (the short-term index) and a common three-letter one (the trigram
 * index), each at 5,000 and 50,000 supporters.
 */
export const SHORT_TERM_SEARCHES = [
  { name: "v2 q, 1 code point (e)", term: "e" },
  { name: "v2 q, 2 code points (øy)", term: "øy" },
  { name: "v2 q, a common 3-letter term (per)", term: "per" },
];

/** The public reads answered from the edge cache, each for one organization and for many. */
export const PUBLIC_HITS = {
  roster: "v2 public roster (publishable key, edge-cached)",
  topics: "v2 public topics (edge-cached)",
  hosted: "hosted page /o/… (edge-cached)",
};
export const MANY_ORGANIZATIONS = ", 100 organizations × 3 pages";
export const NO_IO_ROUTE = "no-I/O route (GET /health)";
export const LARGE_FIRST_PAGE = "v2 list, first page, 50,000 supporters";
const LARGE_RARE_NAME = "v2 q, a rare name, 50,000 supporters";
/** The search target's reads: every term as typed at 50,000 supporters, against LARGE_FIRST_PAGE. */
export const LARGE_SEARCHES = [
  ...SHORT_TERM_SEARCHES.map(({ name }) => `${name}, 50,000 supporters`),
  LARGE_RARE_NAME,
];

type Keys = {
  tokens: string[];
  largeTokens: string[];
  publishableKeys: string[];
  /** A console session of the big organization (its `__Host-console_session` cookie's value). */
  consoleSession: string;
  /** Publishable keys of many organizations, by organization id. */
  manyOrganizationKeys: Map<number, string[]>;
};

/**
 * A public read rotating over keys: `paths` builds the URLs of one
 * organization and key; the scenario warms every URL of the mix once first,
 * so what it measures is the cache's hit.
 */
function publicHits(
  name: string,
  keysByOrganization: Map<number, string[]>,
  paths: (organizationId: number, key: string) => string[],
): Scenario {
  const mix = [...keysByOrganization].flatMap(([organizationId, keys]) =>
    keys.flatMap((key) => paths(organizationId, key)),
  );
  let next = 0;
  return {
    name,
    read: true,
    floor: LIMITER_FLOOR,
    warm: [...keysByOrganization].flatMap(([organizationId, [key]]) =>
      key ? paths(organizationId, key) : [],
    ),
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({ ...request, path: mix[next++ % mix.length] ?? "/" }),
      },
    ],
  };
}

/** The console's mentor list and the v1 list's JSON of the same 100 mentors, soonest expiry first. */
export const CONSOLE_LIST = "console mentor list page, 100 mentors (HTML)";
export const V1_LIST_100 = "v1 list, the same 100 mentors (JSON)";

/** The scenarios, and how many of the cache-miss scenario's requests the cache answered. */
export function benchScenarios({
  tokens,
  largeTokens,
  publishableKeys,
  manyOrganizationKeys,
  consoleSession,
}: Keys) {
  let nextToken = 0;
  const authorizedBy =
    (pool: string[]) =>
    (request: autocannon.Request): autocannon.Request => ({
      ...request,
      headers: {
        ...request.headers,
        authorization: `Bearer ${pool[nextToken++ % pool.length] ?? ""}`,
      },
    });
  const authorized = authorizedBy(tokens);
  const get = (path: string, pool = tokens): autocannon.Request[] => [
    { method: "GET", path, setupRequest: authorizedBy(pool) },
  ];
  let nextKey = 0;
  let missCount = 0;
  let hitsOnMisses = 0;
  let createdCount = 0;
  // One organization's pages over its key pool (one key would meet the limiter).
  const oneOrganization = new Map([[BIG_ORGANIZATION.id, publishableKeys]]);
  const publicHitPaths = {
    roster: (organizationId: number, key: string) =>
      PUBLIC_PAGES.map(
        (page) =>
          `/api/v2/organizations/${String(organizationId)}/peer_supporters?items=${String(WIDGET_ITEMS)}&page=${String(page)}&key=${key}`,
      ),
    topics: (organizationId: number, key: string) => [
      `/api/v2/organizations/${String(organizationId)}/topics?key=${key}`,
    ],
    hosted: (organizationId: number, key: string) =>
      PUBLIC_PAGES.map(
        (page) => `/o/${String(organizationId)}/peer-supporters?page=${String(page)}&key=${key}`,
      ),
  };
  type MixContext = { mentorId?: string };
  const scenarios: Scenario[] = [
    {
      name: NO_IO_ROUTE,
      read: true,
      floor: BARE_FLOOR,
      requests: [{ method: "GET", path: "/health" }],
    },
    {
      name: "v2 list, first page",
      read: true,
      floor: "v2 first page",
      requests: get("/api/v2/organizations/1000/peer_supporters"),
    },
    {
      name: "v2 list with q",
      read: true,
      floor: "v2 q øyvind",
      requests: get("/api/v2/organizations/1000/peer_supporters?q=%C3%B8yvind"),
    },
    {
      name: "v2 q, a rare name, 5,000 supporters",
      read: true,
      floor: "v2 q rare, 5,000",
      requests: get(`/api/v2/organizations/1000/peer_supporters?${RARE_NAME_QUERY}`),
    },
    {
      name: LARGE_RARE_NAME,
      read: true,
      floor: "v2 q rare, 50,000",
      requests: get(
        `/api/v2/organizations/${String(LARGE_ORGANIZATION.id)}/peer_supporters?${RARE_NAME_QUERY}`,
        largeTokens,
      ),
    },
    ...SHORT_TERM_SEARCHES.flatMap(({ name, term }) => [
      {
        name: `${name}, 5,000 supporters`,
        read: true,
        floor: `v2 q ${term}, 5,000`,
        requests: get(`/api/v2/organizations/1000/peer_supporters?q=${encodeURIComponent(term)}`),
      },
      {
        name: `${name}, 50,000 supporters`,
        read: true,
        floor: `v2 q ${term}, 50,000`,
        requests: get(
          `/api/v2/organizations/${String(LARGE_ORGANIZATION.id)}/peer_supporters?q=${encodeURIComponent(term)}`,
          largeTokens,
        ),
      },
    ]),
    {
      name: LARGE_FIRST_PAGE,
      read: true,
      floor: "v2 first page, 50,000",
      requests: get(
        `/api/v2/organizations/${String(LARGE_ORGANIZATION.id)}/peer_supporters`,
        largeTokens,
      ),
    },
    {
      name: `v2 last page of the big organization, ${String(V2_LAST_PAGE_ITEMS)} a page`,
      read: true,
      floor: "v2 last page of 100",
      requests: get(
        `/api/v2/organizations/1000/peer_supporters?items=${String(V2_LAST_PAGE_ITEMS)}&page=${String(V2_LAST_PAGE)}`,
      ),
    },
    ...Object.entries(publicHitPaths).flatMap(([kind, paths]) => [
      publicHits(PUBLIC_HITS[kind as keyof typeof PUBLIC_HITS], oneOrganization, paths),
      publicHits(
        `${PUBLIC_HITS[kind as keyof typeof PUBLIC_HITS]}${MANY_ORGANIZATIONS}`,
        manyOrganizationKeys,
        paths,
      ),
    ]),
    {
      // The cache key is the request's URL, host included: a new host for every request makes
      // each one a miss, so this is the whole public read (three statements, the visibility rule
      // with its mentor check, the projection, the cache write) on the same first page.
      name: "v2 public roster, cache miss (first page)",
      read: true,
      floor: PUBLIC_FIRST_PAGE_FLOOR,
      requests: [
        {
          method: "GET",
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, host: `miss${String(missCount++)}.bench.test` },
            path: `/api/v2/organizations/1000/peer_supporters?items=10&key=${publishableKeys[nextKey++ % publishableKeys.length] ?? ""}`,
          }),
          onResponse: (_status, _body, _context, headers) => {
            if (String(headers?.["cache-status"] ?? "").includes("; hit")) hitsOnMisses++;
          },
        },
      ],
    },
    { name: "v1 list", read: true, floor: "v1 list", requests: get("/api/v1/peer-mentors") },
    {
      name: "v1 get",
      read: true,
      floor: "v1 get",
      requests: get(`/api/v1/peer-mentors/${V1_GET_MENTOR}`),
    },
    {
      name: CONSOLE_LIST,
      read: true,
      requests: [
        {
          method: "GET",
          path: `/console/${BIG_ORGANIZATION.publicId}/mentors`,
          headers: { cookie: `__Host-console_session=${consoleSession}` },
        },
      ],
    },
    {
      name: V1_LIST_100,
      read: true,
      floor: V1_LIST_100_FLOOR,
      requests: get("/api/v1/peer-mentors?limit=100&sort=certification_expiry_date"),
    },
    {
      name: "v1 create+update mix",
      read: false,
      requests: [
        {
          method: "POST",
          path: "/api/v1/peer-mentors",
          setupRequest: (request) =>
            authorized({
              ...request,
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                full_name: "Benk Mentor",
                email: `created${String(createdCount++)}@bench.no`,
                certification_expiry_date: "2027-06-01",
              }),
            }),
          // autocannon keeps one context per connection: its PUT updates its last create.
          onResponse: (status, body, context) => {
            if (status === 201) {
              (context as MixContext).mentorId = (
                JSON.parse(body) as { mentor_id: string }
              ).mentor_id;
            }
          },
        },
        {
          method: "PUT",
          setupRequest: (request, context) =>
            authorized({
              ...request,
              path: `/api/v1/peer-mentors/${(context as MixContext).mentorId ?? "mentor_bench000000"}`,
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ full_name: "Benk Mentor Oppdatert" }),
            }),
        },
      ],
    },
  ];
  return { scenarios, cacheHitsOnMisses: () => hitsOnMisses };
}
