import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TOKEN_CACHE_TTL_MS } from "../../src/auth/middleware.ts";
import {
  createToken,
  generateToken,
  revokeToken,
  type TokenOptions,
} from "../../src/auth/tokens.ts";
import worker from "../../src/index.ts";
import { expectMatchesContract, methodsOf, openApiDocument } from "../support/contract.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  startWithinOneWindow,
  tokenFor,
  type RosterBody,
} from "../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
// Members 818 and 823 of the demo roster are pending: not vetted for public pages.
const PENDING_MEMBERS = [818, 823];
const SITE = "https://www.example.org";

let secret: string;
let publishable: string;

beforeAll(async () => {
  await loadDemoData();
  secret = await tokenFor(DEMO_ORGANIZATION);
  publishable = await publishableKey();
});

async function publishableKey(options: TokenOptions = {}) {
  const created = await createToken(env.TOKENS, DEMO_ORGANIZATION, "website", {
    kind: "publishable",
    ...options,
  });
  return created.token;
}

/**
 * Requests the Worker and waits for its background work (the cache write)
 * before answering, so a repeat sees it; the response is checked against the
 * OpenAPI document like every other test's.
 */
async function get(path: string, headers: Record<string, string> = {}) {
  const outgoing = new Request(`https://peer-roster.test${path}`, { headers });
  const ctx = createExecutionContext();
  const response = await worker.fetch(outgoing.clone(), env, ctx);
  await waitOnExecutionContext(ctx);
  await expectMatchesContract(outgoing, response);
  return response;
}

const withKey = (key: string, query = "") => `${ROSTER}?key=${key}${query}`;

describe("what a publishable key may do", () => {
  it("reads its organization's roster, from ?key= or the Authorization header", async () => {
    expect((await get(withKey(publishable, "&items=3"))).status).toBe(200);
    const viaHeader = await get(`${ROSTER}?items=3`, { Authorization: `Bearer ${publishable}` });
    expect(viaHeader.status).toBe(200);
  });

  it("answers 403 with the reason on every other route", async () => {
    const document = await openApiDocument();
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/api/") && !/\/(peer_supporters|topics)$/.test(path))
      .flatMap(([path, item]) => methodsOf(item).map((method) => ({ path, method })));
    expect(operations.length).toBeGreaterThanOrEqual(7);
    for (const { path, method } of operations) {
      const outgoing = new Request(
        // The key's own organization: a non-numeric one would be a 404 before authentication.
        `https://peer-roster.test${path.replace("{organization_id}", "5").replace(/\{[^}]+\}/g, "mentor_x")}`,
        {
          method: method.toUpperCase(),
          headers: { Authorization: `Bearer ${publishable}`, "Content-Type": "application/json" },
          ...(method === "get" || method === "head" ? {} : { body: "{}" }),
        },
      );
      const response = await worker.fetch(outgoing.clone(), env, createExecutionContext());
      await expectMatchesContract(outgoing, response);
      expect(response.status, `${method} ${path}`).toBe(403);
      if (method === "head") continue;
      const body = await response.json<{ error: string }>();
      expect(body.error).toMatch(/publishable key can only read/);
    }
  });

  it("answers 403 with the reason for a publishable key in ?key= on another route too", async () => {
    for (const path of ["/api/v1/peer-mentors", "/api/v2/organizations/5/public-roster-settings"]) {
      const response = await get(`${path}?key=${publishable}`);
      expect(response.status, path).toBe(403);
      expect((await response.json<{ error: string }>()).error).toMatch(
        /publishable key can only read/,
      );
    }
  });

  it("answers another organization's roster like any token: 401 Not Authorized", async () => {
    const response = await get(`/api/v2/organizations/6/peer_supporters?key=${publishable}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Not Authorized" });
  });

  it("refuses a secret key in the URL, and a key given twice", async () => {
    const inUrl = await get(withKey(secret));
    expect(inUrl.status).toBe(400);
    expect(await inUrl.json()).toMatchObject({ details: [{ field: "key" }] });
    const twice = await get(withKey(publishable), { Authorization: `Bearer ${publishable}` });
    expect(twice.status).toBe(400);
  });

  it("answers 401 for a publishable key that was never issued", async () => {
    const response = await get(withKey(generateToken("publishable")));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Unauthorized Access" });
  });
});

describe("the public roster", () => {
  it("lists approved members only, where a secret key sees pending ones too", async () => {
    const ids = async (response: Response) =>
      (await response.json<RosterBody>()).peer_supporters.map((s) => s.id);
    const secretRead = await get(`${ROSTER}?items=100`, { Authorization: `Bearer ${secret}` });
    const publicRead = await get(withKey(publishable, "&items=100"));
    const secretIds = await ids(secretRead);
    const publicIds = await ids(publicRead);
    expect(secretIds).toEqual(expect.arrayContaining(PENDING_MEMBERS));
    expect(publicIds).toEqual(secretIds.filter((id) => !PENDING_MEMBERS.includes(id)));
  });

  it("counts approved members only in its totals", async () => {
    const body = await (await get(withKey(publishable, "&items=5"))).json<RosterBody>();
    expect(body).toMatchObject({ total_items: 14, total_pages: 3 });
    expect(body.peer_supporters.some((s) => PENDING_MEMBERS.includes(s.id))).toBe(false);
  });

  it("is cached: a miss, then a hit with the same body and ETag, and public Cache-Control", async () => {
    const first = await get(withKey(publishable, "&items=4&page=2"));
    expect(first.headers.get("Cache-Status")).toBe("peer-roster; fwd=uri-miss; stored");
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=60");
    const again = await get(withKey(publishable, "&items=4&page=2"));
    expect(again.headers.get("Cache-Status")).toMatch(/^peer-roster; hit; ttl=\d+$/);
    expect(again.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(again.headers.get("Age")).toMatch(/^\d+$/);
    expect(again.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(await again.text()).toBe(await first.text());
  });

  it("keys the cache on the normalized query, never on the key", async () => {
    await get(withKey(publishable, "&items=7&q=%C3%98Y"));
    const otherKey = await publishableKey();
    // Another key, another spelling of the term, parameters in another order: the same entry.
    const response = await get(`${ROSTER}?q=%20%C3%B8y&items=07&key=${otherKey}`);
    expect(response.headers.get("Cache-Status")).toMatch(/; hit;/);
  });

  it("answers a matching If-None-Match from the cache with 304", async () => {
    const first = await get(withKey(publishable, "&items=8"));
    const etag = first.headers.get("ETag") ?? "";
    const revalidated = await get(withKey(publishable, "&items=8"), { "If-None-Match": etag });
    expect(revalidated.status).toBe(304);
  });

  it("never caches a secret key's read", async () => {
    const headers = { Authorization: `Bearer ${secret}` };
    await get(`${ROSTER}?items=9`, headers);
    const again = await get(`${ROSTER}?items=9`, headers);
    expect(again.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(again.headers.get("Cache-Status")).toBeNull();
  });
});

describe("a publishable key's origins", () => {
  let listed: string;
  beforeAll(async () => {
    listed = await publishableKey({ origins: [`${SITE}/`, "http://localhost:8788"] });
  });

  it("lets a listed origin read, naming it in Access-Control-Allow-Origin", async () => {
    const response = await get(withKey(listed), { Origin: SITE });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(SITE);
    expect(response.headers.get("Vary")).toMatch(/\bOrigin\b/);
    const hit = await get(withKey(listed), { Origin: "http://localhost:8788" });
    expect(hit.headers.get("Cache-Status")).toMatch(/; hit;/);
    expect(hit.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8788");
  });

  it("refuses any other origin with 403, readable by that page, with no roster data", async () => {
    for (const origin of ["https://evil.example", "https://www.example.org.evil.example", "null"]) {
      const response = await get(withKey(listed), { Origin: origin });
      expect(response.status, origin).toBe(403);
      // The page may read the reason (the widget logs it); the body is the reason alone.
      expect(response.headers.get("Access-Control-Allow-Origin"), origin).toBe(origin);
      expect(response.headers.get("Vary")).toMatch(/\bOrigin\b/);
      expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
      expect(await response.json<Record<string, unknown>>()).toEqual({
        error: expect.stringMatching(/origin is not on the key's list/) as unknown,
      });
    }
  });

  it("serves a request without Origin (not a browser) without an allow header", async () => {
    const response = await get(withKey(listed));
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("allows any origin when the key lists none", async () => {
    const response = await get(withKey(publishable), { Origin: "https://anywhere.example" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("rejects origins that are not origins when the key is made", async () => {
    for (const origin of ["www.example.org", "https://example.org/page", "ftp://example.org"]) {
      await expect(publishableKey({ origins: [origin] }), origin).rejects.toThrow(RangeError);
    }
    await expect(
      createToken(env.TOKENS, DEMO_ORGANIZATION, null, { origins: [SITE] }),
    ).rejects.toThrow(/publishable keys only/);
  });
});

describe("limits and revocation", () => {
  it(
    "limits each visitor (key and IP) to 300 requests a minute, not the whole site",
    { timeout: 30_000 },
    async () => {
      const key = await publishableKey();
      const visitor = { "CF-Connecting-IP": "198.51.100.7" };
      await startWithinOneWindow();
      const statuses = new Set<number>();
      for (let i = 0; i < 300; i++) statuses.add((await get(withKey(key), visitor)).status);
      expect(statuses).toEqual(new Set([200]));
      const limited = await get(withKey(key), visitor);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("Retry-After")).toBe("60");
      // The next visitor of the same page is not affected.
      expect((await get(withKey(key), { "CF-Connecting-IP": "198.51.100.8" })).status).toBe(200);
    },
  );

  it("stops a revoked key once its cached lookup expires, cached roster or not", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const start = Date.parse("2026-03-26T10:00:00Z");
      vi.setSystemTime(start);
      const { token, record } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "to revoke", {
        kind: "publishable",
      });
      expect((await get(withKey(token, "&items=11"))).status).toBe(200);
      await revokeToken(env.TOKENS, record.token_id);
      vi.setSystemTime(start + TOKEN_CACHE_TTL_MS);
      const response = await get(withKey(token, "&items=11"));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "Unauthorized Access" });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("tokens of both kinds", () => {
  it("keeps secret keys working everywhere, as before", async () => {
    const token = await tokenFor(OTHER_ORGANIZATION);
    const response = await get("/api/v1/peer-mentors", { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
  });
});
