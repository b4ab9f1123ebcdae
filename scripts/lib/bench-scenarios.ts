// The load scenarios of npm run bench (scripts/bench.ts): each a route as a
// client calls it, over the keys the bench created.
import type autocannon from "autocannon";
import { BIG_ORGANIZATION, LARGE_ORGANIZATION, RARE_LAST_NAME } from "./bench-dataset.ts";
import type { Scenario } from "./load.ts";

const RARE_NAME_QUERY = `q=${encodeURIComponent(RARE_LAST_NAME.toLowerCase())}`;
export const BIG_ORGANIZATION_LAST_PAGE = 500; // 5,000 supporters, 10 a page

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
export const LARGE_FIRST_PAGE = "v2 list, first page, 50,000 supporters";

type Keys = {
  tokens: string[];
  largeTokens: string[];
  publishableKeys: string[];
  /** A console session of the big organization (its `__Host-console_session` cookie's value). */
  consoleSession: string;
};

/** The console's mentor list and the v1 list's JSON of the same 100 mentors, soonest expiry first. */
export const CONSOLE_LIST = "console mentor list page, 100 mentors (HTML)";
export const V1_LIST_100 = "v1 list, the same 100 mentors (JSON)";

/** The scenarios, and how many of the cache-miss scenario's requests the cache answered. */
export function benchScenarios({ tokens, largeTokens, publishableKeys, consoleSession }: Keys) {
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
  type MixContext = { mentorId?: string };
  const scenarios: Scenario[] = [
    {
      name: "no-I/O route (GET /health)",
      read: true,
      requests: [{ method: "GET", path: "/health" }],
    },
    {
      name: "v2 list, first page",
      read: true,
      requests: get("/api/v2/organizations/1000/peer_supporters"),
    },
    {
      name: "v2 list with q",
      read: true,
      requests: get("/api/v2/organizations/1000/peer_supporters?q=%C3%B8yvind"),
    },
    {
      name: "v2 q, a rare name, 5,000 supporters",
      read: true,
      requests: get(`/api/v2/organizations/1000/peer_supporters?${RARE_NAME_QUERY}`),
    },
    {
      name: "v2 q, a rare name, 50,000 supporters",
      read: true,
      requests: get(
        `/api/v2/organizations/${String(LARGE_ORGANIZATION.id)}/peer_supporters?${RARE_NAME_QUERY}`,
        largeTokens,
      ),
    },
    ...SHORT_TERM_SEARCHES.flatMap(({ name, term }) => [
      {
        name: `${name}, 5,000 supporters`,
        read: true,
        requests: get(`/api/v2/organizations/1000/peer_supporters?q=${encodeURIComponent(term)}`),
      },
      {
        name: `${name}, 50,000 supporters`,
        read: true,
        requests: get(
          `/api/v2/organizations/${String(LARGE_ORGANIZATION.id)}/peer_supporters?q=${encodeURIComponent(term)}`,
          largeTokens,
        ),
      },
    ]),
    {
      name: LARGE_FIRST_PAGE,
      read: true,
      requests: get(
        `/api/v2/organizations/${String(LARGE_ORGANIZATION.id)}/peer_supporters`,
        largeTokens,
      ),
    },
    {
      name: "v2 last page of the big organization",
      read: true,
      requests: get(
        `/api/v2/organizations/1000/peer_supporters?page=${String(BIG_ORGANIZATION_LAST_PAGE)}`,
      ),
    },
    {
      name: "v2 public roster (publishable key, edge-cached)",
      read: true,
      requests: [
        {
          method: "GET",
          setupRequest: (request) => ({
            ...request,
            path: `/api/v2/organizations/1000/peer_supporters?items=12&key=${publishableKeys[nextKey++ % publishableKeys.length] ?? ""}`,
          }),
        },
      ],
    },
    {
      // The cache key is the request's URL, host included: a new host for every request makes
      // each one a miss, so this is the whole public read (three statements, the visibility rule
      // with its mentor check, the projection, the cache write) on the same first page.
      name: "v2 public roster, cache miss (first page)",
      read: true,
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
    { name: "v1 list", read: true, requests: get("/api/v1/peer-mentors") },
    { name: "v1 get", read: true, requests: get("/api/v1/peer-mentors/mentor_bench000000") },
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
    // The ceiling drifts over a run on a shared 2-core machine: measure it at both ends.
    {
      name: "no-I/O route, again at the end",
      read: false,
      requests: [{ method: "GET", path: "/health" }],
    },
  ];
  return { scenarios, cacheHitsOnMisses: () => hitsOnMisses };
}
