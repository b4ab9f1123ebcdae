import { beforeAll, describe, expect, it } from "vitest";
import { createTokenCache } from "../../src/auth/token-cache.ts";
import type { TokenRecord } from "../../src/auth/tokens.ts";
import { RETRY_AFTER_SECONDS } from "../../src/http/errors.ts";
import { expectMatchesContract } from "../support/contract.ts";
import {
  d1Any,
  D1_NETWORK_LOST,
  D1_OBJECT_RESET,
  fetchWithFaults,
  KV_UNAVAILABLE,
  kvReads,
  type Fault,
} from "../support/fault-injection.ts";
import { loadDemoDataWithToken, publishableKeyFor } from "../support/helpers.ts";

/*
 * D1 or KV failing, injected into the real local bindings: the API says 503
 * with Retry-After (never 500, never 401), the public roster serves its last
 * good copy, and a publishable key this isolate already knows keeps working.
 */

const ROSTER = "/api/v2/organizations/5/peer_supporters";
let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

/** The Worker with `faults` in its bindings (and `vars` over its settings), checked against the contract. */
async function fetchWith(
  path: string,
  {
    faults = [],
    vars = {},
    init = {},
  }: { faults?: Fault[]; vars?: Record<string, string>; init?: RequestInit } = {},
) {
  const outgoing = new Request(`https://peer-roster.test${path}`, init);
  const { response, log } = await fetchWithFaults(faults, outgoing.clone(), vars);
  await expectMatchesContract(outgoing, response);
  return { response, log };
}

const bearer = (key: string) => ({ headers: { Authorization: `Bearer ${key}` } });
const d1Down = (message = D1_NETWORK_LOST): Fault => ({ matches: d1Any, when: "before", message });
const kvDown: Fault = { matches: kvReads, when: "before", message: KV_UNAVAILABLE };

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({
    error: "Service Unavailable",
    request_id: response.headers.get("X-Request-Id"),
  });
}

describe("D1 unavailable", () => {
  it.each([
    ["the v1 list", "/api/v1/peer-mentors", {}],
    ["one mentor", "/api/v1/peer-mentors/mentor_a1b2c3", {}],
    ["the v2 roster", ROSTER, {}],
    [
      "a status change",
      "/api/v1/peer-mentors/mentor_a1b2c3/status",
      { method: "PATCH", body: JSON.stringify({ status: "paused" }) },
    ],
  ])("is a 503 with Retry-After on %s", async (_name, path, init: RequestInit) => {
    for (const message of [D1_NETWORK_LOST, D1_OBJECT_RESET, "internal error; reference = x"]) {
      const headers = { ...bearer(token).headers, "Content-Type": "application/json" };
      const { response } = await fetchWith(path, {
        faults: [d1Down(message)],
        init: { ...init, headers },
      });
      await expectUnavailable(response);
    }
  });

  it("leaves a statement's own failure a 409, not a 503", async () => {
    const { response } = await fetchWith("/api/v1/peer-mentors", {
      init: {
        method: "POST",
        headers: { ...bearer(token).headers, "Content-Type": "application/json" },
        // The demo's first mentor's address: the unique index refuses it.
        body: JSON.stringify({
          full_name: "Kari Nordmann",
          email: "kari.nordmann@frivillig.no",
          certification_expiry_date: "2030-01-01",
        }),
      },
    });
    expect(response.status).toBe(409);
  });
});

describe("the public roster while D1 is unavailable", () => {
  it("serves the last good copy past max-age, marked stale, and refreshes once D1 is back", async () => {
    const key = await publishableKeyFor();
    const path = `${ROSTER}?key=${key}&items=4&page=2`;
    const vars = { PUBLIC_ROSTER_MAX_AGE: "1" };
    // Past the roster-change mark of the writes above (dated a second ahead, roster-changes.ts):
    // only a copy loaded after the last change may be served stale.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const first = await fetchWith(path, { vars });
    expect(first.response.status).toBe(200);
    const good = await first.response.text();
    // The edge alone serves stale copies (it can ask whether the roster changed since).
    expect(first.response.headers.get("Cache-Control")).toBe("public, max-age=1");
    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const stale = await fetchWith(path, { vars, faults: [d1Down()] });
    expect(stale.response.status).toBe(200);
    expect(await stale.response.text()).toBe(good);
    expect(stale.response.headers.get("Cache-Status")).toMatch(
      /^peer-roster; hit; ttl=-\d+; detail=stale-if-error$/,
    );
    expect(stale.log.some((entry) => entry.faulted)).toBe(true);

    const refreshed = await fetchWith(path, { vars });
    expect(refreshed.response.headers.get("Cache-Status")).toBe("peer-roster; fwd=stale; stored");
    expect(await refreshed.response.text()).toBe(good);
  });

  it("is a 503 for a page no one read before", async () => {
    const key = await publishableKeyFor();
    const { response } = await fetchWith(`${ROSTER}?key=${key}&items=3&page=7`, {
      faults: [d1Down()],
    });
    await expectUnavailable(response);
  });

  it("does not serve a stale copy past the stale window", async () => {
    const key = await publishableKeyFor();
    const path = `${ROSTER}?key=${key}&items=5&page=3`;
    const vars = { PUBLIC_ROSTER_MAX_AGE: "1", PUBLIC_ROSTER_STALE_SECONDS: "0" };
    expect((await fetchWith(path, { vars })).response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expectUnavailable((await fetchWith(path, { vars, faults: [d1Down()] })).response);
  });
});

describe("KV unavailable", () => {
  it("keeps a publishable key this isolate resolved working", async () => {
    const key = await publishableKeyFor();
    expect((await fetchWith(`${ROSTER}?key=${key}`)).response.status).toBe(200);
    const { response, log } = await fetchWith(`${ROSTER}?key=${key}&items=2`, { faults: [kvDown] });
    expect(response.status).toBe(200);
    // The isolate's fresh copy answered: KV was not asked.
    expect(log.filter((entry) => entry.call.binding === "TOKENS")).toEqual([]);
  });

  it("is a 503, never a 401, for a key it cannot check", async () => {
    const key = await publishableKeyFor();
    const publishable = await fetchWith(`${ROSTER}?key=${key}`, { faults: [kvDown] });
    expect(publishable.log.some((entry) => entry.faulted)).toBe(true);
    await expectUnavailable(publishable.response);
    const secret = await loadDemoDataWithToken();
    await expectUnavailable(
      (await fetchWith("/api/v1/peer-mentors", { faults: [kvDown], init: bearer(secret) }))
        .response,
    );
  });

  it("still says 401 for a token that cannot be one (no KV read)", async () => {
    const { response } = await fetchWith("/api/v1/peer-mentors", {
      faults: [kvDown],
      init: bearer("not-a-token"),
    });
    expect(response.status).toBe(401);
  });
});

describe("the token cache's stale window", () => {
  const record = { token_id: "tok_x" } as TokenRecord;
  let clock = 0;
  const cache = createTokenCache({ maxEntries: 10, ttlMs: 100, staleMs: 1_000, now: () => clock });

  it("keeps a publishable key's record for the stale window, a secret key's for the TTL only", () => {
    cache.set("publishable", record, true);
    cache.set("secret", record, false);
    clock = 150;
    expect(cache.get("publishable")).toBeUndefined();
    expect(cache.getStale("publishable")).toBe(record);
    expect(cache.getStale("secret")).toBeUndefined();
    clock = 1_100;
    expect(cache.getStale("publishable")).toBeUndefined();
  });

  it("forgets a key KV has since called revoked, so an outage cannot bring it back", () => {
    clock = 0;
    cache.set("revoked", record, true);
    clock = 150;
    cache.delete("revoked");
    expect(cache.getStale("revoked")).toBeUndefined();
  });
});
