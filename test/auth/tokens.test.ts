import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  createToken,
  findTokenRecord,
  listTokens,
  MAX_LABEL_LENGTH,
  revokeToken,
} from "../../src/auth/tokens.ts";
import { hexDigest } from "../../src/lib/hex-digest.ts";
import { DEMO_ORGANIZATION, OTHER_ORGANIZATION, request } from "../support/helpers.ts";

const sha256Hex = (text: string) => hexDigest("SHA-256", text);

describe("creating a token", () => {
  it("has a recognizable prefix and 256 random bits", async () => {
    const { token } = await createToken(env.TOKENS, DEMO_ORGANIZATION, null);
    expect(token).toMatch(/^prt_[A-Za-z0-9_-]{43}$/);
    const others = await Promise.all(
      Array.from({ length: 20 }, () => createToken(env.TOKENS, DEMO_ORGANIZATION, null)),
    );
    expect(new Set([token, ...others.map((o) => o.token)]).size).toBe(21);
  });

  it("stores only the token's SHA-256, with what a request needs about the organization", async () => {
    const { token, record } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "website");
    const { keys } = await env.TOKENS.list();
    const key = `v1:token:${await sha256Hex(token)}`;
    expect(keys.map((k) => k.name)).toContain(key);
    for (const { name } of keys) {
      expect(name).not.toContain(token);
      expect(await env.TOKENS.get(name)).not.toContain(token);
    }
    expect(await env.TOKENS.get(key, "json")).toEqual(record);
    expect(record).toMatchObject({
      token_id: expect.stringMatching(/^tok_[a-z2-7]{16}$/) as unknown,
      organization_id: 5,
      organization_public_id: "org_x9y8z7",
      label: "website",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
    });
    expect(await findTokenRecord(env.TOKENS, token)).toEqual(record);
  });

  it("refuses an over-long label", async () => {
    await expect(
      createToken(env.TOKENS, DEMO_ORGANIZATION, "x".repeat(MAX_LABEL_LENGTH + 1)),
    ).rejects.toThrow(RangeError);
  });
});

describe("publishable keys", () => {
  it("are prt_pk_ keys, stored as a hash like any token, with their kind and origins", async () => {
    const { token, record } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "site", {
      kind: "publishable",
      origins: ["https://www.example.org/", "https://www.example.org", "http://localhost:8788"],
    });
    expect(token).toMatch(/^prt_pk_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({
      kind: "publishable",
      origins: ["https://www.example.org", "http://localhost:8788"],
    });
    expect(await env.TOKENS.get(`v1:token:${await sha256Hex(token)}`, "json")).toEqual(record);
    const listed = await listTokens(env.TOKENS, DEMO_ORGANIZATION.id);
    expect(listed).toContainEqual(record);
    expect(await revokeToken(env.TOKENS, record.token_id)).toEqual(record);
    expect(await findTokenRecord(env.TOKENS, token)).toBeNull();
  });

  it("refuses more origins than fit beside the key", async () => {
    const origins = Array.from({ length: 11 }, (_, i) => `https://site${i}.example`);
    await expect(
      createToken(env.TOKENS, DEMO_ORGANIZATION, null, { kind: "publishable", origins }),
    ).rejects.toThrow(/at most 10 origins/);
    const long = Array.from({ length: 10 }, (_, i) => `https://${"x".repeat(90)}${i}.example`);
    await expect(
      createToken(env.TOKENS, DEMO_ORGANIZATION, null, { kind: "publishable", origins: long }),
    ).rejects.toThrow(/too long/);
  });

  it("keeps a token stored before there were kinds working as a secret key", async () => {
    const token = `prt_${"A".repeat(43)}`;
    const legacy = {
      token_id: "tok_legacy000000000",
      organization_id: 5,
      organization_public_id: "org_x9y8z7",
      label: "made before publishable keys",
      created_at: "2026-01-01T00:00:00Z",
    };
    await env.TOKENS.put(`v1:token:${await sha256Hex(token)}`, JSON.stringify(legacy), {
      metadata: legacy,
    });
    const headers = { Authorization: `Bearer ${token}` };
    expect((await request("/api/v1/peer-mentors", { headers })).status).toBe(200);
  });
});

describe("listing and revoking", () => {
  it("lists an organization's tokens only, and revokes one by its public id", async () => {
    const mine = await createToken(env.TOKENS, OTHER_ORGANIZATION, "mine");
    const second = await createToken(env.TOKENS, OTHER_ORGANIZATION, "second");
    const listed = await listTokens(env.TOKENS, OTHER_ORGANIZATION.id);
    expect(listed.map((r) => r.token_id).sort()).toEqual(
      [mine.record.token_id, second.record.token_id].sort(),
    );

    expect(await revokeToken(env.TOKENS, mine.record.token_id)).toEqual(mine.record);
    expect(await findTokenRecord(env.TOKENS, mine.token)).toBeNull();
    expect(await findTokenRecord(env.TOKENS, second.token)).toEqual(second.record);
    expect(await listTokens(env.TOKENS, OTHER_ORGANIZATION.id)).toEqual([second.record]);
  });

  it("returns null when revoking an id that does not exist", async () => {
    expect(await revokeToken(env.TOKENS, "tok_doesnotexist0000")).toBeNull();
  });
});
