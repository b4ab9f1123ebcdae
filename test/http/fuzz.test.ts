import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { MAX_BODY_BYTES } from "../../src/http/body-limit.ts";
import { createToken } from "../../src/auth/tokens.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  tokenFor,
} from "../support/helpers.ts";
import { hookUrl } from "../support/webhook-helpers.ts";

/*
 * Property-based fuzzing of every route with generated and malformed
 * requests. The seed is fixed, so CI is repeatable; on failure fast-check
 * prints the seed and the counterexample's path, which replay it.
 */
const SEED = 20_261_122;
const RUNS_PER_ROUTE = 250;

// Identifiers that exist in only one organization: the other must never see them.
const ONLY_IN = {
  5: [
    "mentor_a1b2c3",
    "mentor_d4e5f6",
    "org_x9y8z7",
    "kari.nordmann@frivillig.no",
    "Likeperson med egen erfaring med sorg",
  ],
  6: [
    "mentor_v6w9x2",
    "org_k4m2p8",
    "hanne.jensen@fjellheimen.no",
    "Likeperson i Bergen",
    "Kari i Fjellheimen",
  ],
};
const MENTOR_IDS = ["mentor_a1b2c3", "mentor_d4e5f6", "mentor_p3q5r7", "mentor_v6w9x2"];
// Pending members of organization 5 (Ingrid B., Tom O.): never on the public roster.
const PENDING_ONLY = ["Ingrid", "Peer supporter for young adults"];
// Never in a publishable read (recovery_status only by the organization's setting, off here).
const EXCLUDED_PUBLIC_FIELDS = ["last_name", "user_id", "time_zone", "recovery_status"];
// Stands for organization 5's publishable key in generated queries (?key=), filled in by check().
const PUBLISHABLE_PLACEHOLDER = "$publishable";

type Caller = "org5" | "org6" | "publishable" | "none" | "garbage";
let tokens: Record<"org5" | "org6" | "publishable", string>;

beforeAll(async () => {
  await loadDemoData();
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "ø", "Å", "%", "_", "\\", "null", "-1", "0", "1e309", "💥".repeat(60)),
);
const jsonValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
);
const knownFields = fc.constantFrom(
  "full_name",
  "email",
  "phone",
  "is_hlf",
  "org_id",
  "certification_expiry_date",
  "status",
  "reason",
  "expiry_date",
  "mentor_id",
  "created_at",
  "url",
  "events",
  "first_name",
  "time_zone",
  "bio",
  "listed",
  "topics",
  "show_recovery_status",
);
const plausibleValues = fc.oneof(
  jsonValue,
  fc.constantFrom(
    "active",
    "paused",
    "expired",
    "warning",
    "org_x9y8z7",
    "org_k4m2p8",
    "2027-06-01",
    "2027-06-01T00:00:00Z",
    "a@b.no",
    "+47 912 34 567",
    "https://example.org/hooks",
    "http://example.org/hooks",
    "Europe/Oslo",
    ["Sorg", "PTSD"],
    ["peer_mentor.status_changed"],
    ["peer_mentor.created"],
  ),
);
// An oversized body is described by its size, so a counterexample prints short; check() builds it.
type Body = string | { oversized: number };
const arbitraryBody: fc.Arbitrary<Body> = fc.oneof(
  fc.dictionary(knownFields, plausibleValues, { maxKeys: 6 }).map((value) => JSON.stringify(value)),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.constantFrom("", "{", '{"full_name":', "[]", "null", "not json"),
  fc.record({ oversized: fc.integer({ min: MAX_BODY_BYTES - 8, max: MAX_BODY_BYTES + 4096 }) }),
);
const queryValue = fc.oneof(
  text,
  fc.constantFrom("1", "2", "0", "-5", "100", "1000", "abc", "active,warning", "x".repeat(201)),
  fc.constantFrom(PUBLISHABLE_PLACEHOLDER, "prt_pk_unknown", "prt_secret-looking"),
);
const query = fc
  .dictionary(
    fc.constantFrom("q", "search", "page", "items", "limit", "status", "org_id", "key", "zz"),
    queryValue,
    { maxKeys: 4 },
  )
  .map((params) => new URLSearchParams(params).toString());
const mentorId = fc.oneof(
  fc.constantFrom(...MENTOR_IDS),
  text.filter((t) => t.length > 0),
);

type Route = {
  paths: fc.Arbitrary<string>;
  /** The route's own methods, chosen most of the time so that handlers are reached. */
  methods: string[];
  /** Near-valid bodies for the route, mixed with arbitrary ones. */
  bodies: Record<string, unknown>[];
};

type Fuzzed = {
  method: string;
  path: string;
  query: string;
  caller: Caller;
  contentType: string | null;
  body: Body;
  ip: string;
};

function fuzzed({ paths, methods, bodies }: Route): fc.Arbitrary<Fuzzed> {
  const anyMethod = fc.constantFrom(
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "PROPFIND",
  );
  const nearValid = fc
    .tuple(
      fc.constantFrom(...bodies),
      fc.dictionary(knownFields, plausibleValues, { maxKeys: 1 }),
      fc.boolean(),
    )
    .map(([valid, extra, mutate]) => JSON.stringify(mutate ? { ...valid, ...extra } : valid));
  const otherContentType = fc.constantFrom(
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    null,
  );
  return fc.record({
    method: fc.oneof(
      { arbitrary: fc.constantFrom(...methods), weight: 3 },
      { arbitrary: anyMethod, weight: 1 },
    ),
    path: paths,
    query,
    caller: fc.constantFrom<Caller>("org5", "org6", "publishable", "none", "garbage"),
    contentType: fc.oneof(
      { arbitrary: fc.constant("application/json"), weight: 3 },
      { arbitrary: otherContentType, weight: 1 },
    ),
    body: fc.oneof({ arbitrary: nearValid, weight: 2 }, { arbitrary: arbitraryBody, weight: 2 }),
    ip: fc.ipV4(),
  });
}

function encodePath(path: string) {
  return path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/** Sends one fuzzed request and checks what must hold for every one. */
async function check(req: Fuzzed) {
  const headers: Record<string, string> = { "CF-Connecting-IP": req.ip };
  if (req.caller === "org5" || req.caller === "org6" || req.caller === "publishable") {
    headers.Authorization = `Bearer ${tokens[req.caller]}`;
  }
  if (req.caller === "garbage") headers.Authorization = "Bearer prt_not-a-real-token";
  if (req.contentType) headers["Content-Type"] = req.contentType;
  const hasBody = !["GET", "HEAD"].includes(req.method);
  const payload = typeof req.body === "string" ? req.body : `"${"x".repeat(req.body.oversized)}"`;
  const query = req.query.replaceAll(
    encodeURIComponent(PUBLISHABLE_PLACEHOLDER),
    tokens.publishable,
  );
  const path = `${encodePath(req.path)}${query ? `?${query}` : ""}`;

  // request() also checks status, content type and body against the OpenAPI document.
  const response = await request(path, {
    method: req.method,
    headers,
    ...(hasBody ? { body: payload } : {}),
  });
  const label = `${req.method} ${path} as ${req.caller}`;
  expect(response.status, label).toBeLessThan(500);

  // The right 4xx where the answer does not depend on the data.
  const authenticated = req.caller === "org5" || req.caller === "org6";
  // A CORS preflight is answered before the body is read.
  const readsBody = hasBody && req.method !== "OPTIONS";
  // `key` once, a publishable key, on any route (a secret never sits in a URL).
  const keys = new URLSearchParams(query).getAll("key");
  const keyRefused = keys.length > 1 || keys.some((key) => !key.startsWith("prt_pk_"));
  if (readsBody && new TextEncoder().encode(payload).length > MAX_BODY_BYTES) {
    expect(response.status, label).toBe(413);
  } else if (keyRefused && req.method !== "OPTIONS") {
    expect(response.status, label).toBe(400);
  } else if (
    req.path.startsWith("/api/v1/peer-mentors") &&
    // A publishable key, in the header or in `key`: 403 says it cannot be used here.
    (req.caller === "publishable" || (req.caller === "none" && keys.length === 1))
  ) {
    expect([204, 403, 429], label).toContain(response.status);
  } else if (req.path.startsWith("/api/v1/peer-mentors") && !authenticated) {
    expect([204, 401, 429], label).toContain(response.status); // 204: a CORS preflight
  }

  // Never a record of another organization.
  const other =
    req.caller === "org5" || req.caller === "publishable"
      ? ONLY_IN[6]
      : req.caller === "org6"
        ? ONLY_IN[5]
        : [...ONLY_IN[5], ...ONLY_IN[6]];
  const answer = await response.text();
  for (const marker of other) expect(answer, `${label} leaked ${marker}`).not.toContain(marker);
  // A publishable key, however it is sent, never shows an unvetted member or an excluded field.
  const keyParam = new URLSearchParams(query).get("key");
  if (req.caller === "publishable" || (req.caller === "none" && keyParam === tokens.publishable)) {
    for (const marker of PENDING_ONLY) {
      expect(answer, `${label} showed pending ${marker}`).not.toContain(marker);
    }
    for (const field of EXCLUDED_PUBLIC_FIELDS) {
      expect(answer, `${label} carried ${field}`).not.toContain(`"${field}"`);
    }
  }
}

const newMentor = {
  full_name: "Fuzz Mentor",
  email: "fuzz@example.no",
  certification_expiry_date: "2027-06-01",
};

const routes: [string, Route][] = [
  [
    "the v2 roster",
    {
      paths: fc
        .oneof(fc.constantFrom("5", "6", "7", "abc", "05", "99999999999999999999"), text)
        .map((id) => `/api/v2/organizations/${id}/peer_supporters`),
      methods: ["GET"],
      bodies: [{}],
    },
  ],
  [
    "the managed v2 roster",
    {
      paths: fc.oneof(
        fc
          .constantFrom("5", "6", "abc")
          .chain((org) =>
            fc.constantFrom(
              `/api/v2/organizations/${org}/peer_supporters`,
              `/api/v2/organizations/${org}/public-roster-settings`,
            ),
          ),
        fc
          .oneof(fc.constantFrom("812", "813", "829", "824", "0", "x"), text)
          .chain((id) =>
            fc.constantFrom(
              `/api/v2/organizations/5/peer_supporters/${id}`,
              `/api/v2/organizations/5/peer_supporters/${id}/listing-history`,
            ),
          ),
      ),
      methods: ["POST", "GET", "PATCH", "DELETE", "PUT"],
      bodies: [
        { first_name: "Fuzz", time_zone: "Europe/Oslo", topics: ["Sorg"] },
        { listed: false },
        { first_name: "Fuzz", mentor_id: "mentor_v6w9x2" },
        { show_recovery_status: true },
      ],
    },
  ],
  [
    "the v1 list and create",
    {
      paths: fc.constant("/api/v1/peer-mentors"),
      methods: ["GET", "POST"],
      bodies: [
        newMentor,
        { ...newMentor, org_id: "org_x9y8z7" },
        { ...newMentor, org_id: "org_k4m2p8" },
      ],
    },
  ],
  [
    "one v1 mentor",
    {
      paths: mentorId.map((id) => `/api/v1/peer-mentors/${id}`),
      methods: ["GET", "PUT", "DELETE"],
      bodies: [
        { full_name: "Fuzz Renamed" },
        { is_hlf: true },
        { email: "kari.nordmann@frivillig.no" },
      ],
    },
  ],
  [
    "v1 status",
    {
      paths: mentorId.map((id) => `/api/v1/peer-mentors/${id}/status`),
      methods: ["PATCH"],
      bodies: [{ status: "paused", reason: "Ferie" }, { status: "active" }, { status: "expired" }],
    },
  ],
  [
    "v1 certification expiry",
    {
      paths: mentorId.map((id) => `/api/v1/peer-mentors/${id}/certification-expiry`),
      methods: ["PATCH"],
      bodies: [{ expiry_date: "2027-03-15" }, { expiry_date: "2020-01-01T00:00:00Z" }],
    },
  ],
  [
    "v1 status history",
    {
      paths: mentorId.map((id) => `/api/v1/peer-mentors/${id}/status-history`),
      methods: ["GET"],
      bodies: [{}],
    },
  ],
  [
    "v1 webhooks",
    {
      paths: fc.oneof(
        fc.constant("/api/v1/webhooks"),
        fc
          .oneof(fc.constantFrom("whk_none", "whk_", ""), text)
          .chain((id) =>
            fc.constantFrom(`/api/v1/webhooks/${id}`, `/api/v1/webhooks/${id}/deliveries`),
          ),
      ),
      methods: ["GET", "POST", "DELETE"],
      bodies: [
        { url: hookUrl("fuzz"), events: ["peer_mentor.status_changed"] },
        {
          url: hookUrl("fuzz"),
          events: ["peer_mentor.certification_expiring", "peer_mentor.status_changed"],
        },
      ],
    },
  ],
  [
    "random paths",
    {
      paths: fc.oneof(
        text.map((t) => `/${t}`),
        fc.constantFrom(
          "/",
          "/api",
          "/api/v1",
          "/api/v2/organizations",
          "/health",
          "/api/v1/peer-mentors/a/b/c",
        ),
      ),
      methods: ["GET", "POST"],
      bodies: [{}],
    },
  ],
];

describe("fuzzing", () => {
  it.each(routes)(
    "answers every generated request to %s without a 5xx, within the contract and the organization",
    async (name, route) => {
      // Fresh tokens per route keep a few hundred cases under the per-token rate limit.
      tokens = {
        org5: await tokenFor(DEMO_ORGANIZATION),
        org6: await tokenFor(OTHER_ORGANIZATION),
        publishable: (
          await createToken(env.TOKENS, DEMO_ORGANIZATION, "fuzz", { kind: "publishable" })
        ).token,
      };
      await fc.assert(fc.asyncProperty(fuzzed(route), check), {
        seed: SEED + routes.findIndex(([routeName]) => routeName === name),
        numRuns: RUNS_PER_ROUTE,
      });
    },
    120_000,
  );
});
