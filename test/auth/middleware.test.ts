import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TOKEN_CACHE_TTL_MS } from "../../src/auth/middleware.ts";
import { generateToken, revokeToken, createToken } from "../../src/auth/tokens.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  tokenFor,
} from "../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";

beforeAll(() => loadDemoData());

async function expectUnauthorized(response: Response, error: string) {
  expect(response.status).toBe(401);
  expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer\b/);
  expect(await response.json()).toEqual({ error });
}

describe("bearer authentication", () => {
  it("rejects a request without a token", async () => {
    await expectUnauthorized(await request(ROSTER), "Unauthorized Access");
  });

  it.each([
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["an empty bearer", "Bearer "],
    ["a malformed token", "Bearer not-a-token"],
    ["two tokens", `Bearer ${generateToken()} ${generateToken()}`],
  ])("rejects %s", async (_case, authorization) => {
    await expectUnauthorized(
      await request(ROSTER, { headers: { Authorization: authorization } }),
      "Unauthorized Access",
    );
  });

  it("rejects a well-formed token that was never issued", async () => {
    await expectUnauthorized(
      await request(ROSTER, { token: generateToken() }),
      "Unauthorized Access",
    );
  });

  it("accepts a valid token, whatever the case of the scheme", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    expect((await request(ROSTER, { token })).status).toBe(200);
    const lowercase = await request(ROSTER, { headers: { Authorization: `bearer ${token}` } });
    expect(lowercase.status).toBe(200);
  });

  it("stops accepting a token once it is revoked and its cached entry expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-03-26T10:00:00Z"));
      const { token, record } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "to revoke");
      expect((await request(ROSTER, { token })).status).toBe(200);
      await revokeToken(env.TOKENS, record.token_id);
      // Within the isolate's cache window the revoked token still resolves...
      vi.setSystemTime(new Date(Date.parse("2026-03-26T10:00:00Z") + TOKEN_CACHE_TTL_MS - 1));
      expect((await request(ROSTER, { token })).status).toBe(200);
      // ...and not a moment after.
      vi.setSystemTime(new Date(Date.parse("2026-03-26T10:00:00Z") + TOKEN_CACHE_TTL_MS));
      await expectUnauthorized(await request(ROSTER, { token }), "Unauthorized Access");
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers Not Authorized for a token of another organization", async () => {
    const token = await tokenFor(OTHER_ORGANIZATION);
    await expectUnauthorized(await request(ROSTER, { token }), "Not Authorized");
  });

  it("answers Not Authorized for an organization that does not exist", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    await expectUnauthorized(
      await request("/api/v2/organizations/999/peer_supporters", { token }),
      "Not Authorized",
    );
  });
});
