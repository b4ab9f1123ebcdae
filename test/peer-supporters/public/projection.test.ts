import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../../src/auth/tokens.ts";
import {
  DEMO_ORGANIZATION,
  ALWAYS_PUBLIC_FIELDS,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  send,
  tokenFor,
} from "../../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
const SETTINGS = "/api/v2/organizations/5/public-roster-settings";
let secret: string;
let publishable: string;
let pageSize = 30;

beforeAll(async () => {
  await loadDemoData();
  secret = await tokenFor(DEMO_ORGANIZATION);
  publishable = (await createToken(env.TOKENS, DEMO_ORGANIZATION, "site", { kind: "publishable" }))
    .token;
});

type PublicEntry = Record<string, unknown> & { id: number };

/** A public read on a cache entry of its own (a page size no other read used). */
async function publicRead(query = ""): Promise<{ text: string; entries: PublicEntry[] }> {
  const response = await request(`${ROSTER}?key=${publishable}&items=${++pageSize}${query}`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return {
    text,
    entries: (JSON.parse(text) as { peer_supporters: PublicEntry[] }).peer_supporters,
  };
}

describe("the public projection", () => {
  it("carries what the page shows: no last name, user id, time zone or recovery story", async () => {
    const { text, entries } = await publicRead();
    const hanne = entries.find((entry) => entry.id === 812);
    expect(hanne).toEqual({
      id: 812,
      full_name: "Hanne D.",
      bio: expect.any(String) as unknown,
      motivation: "Å hjelpe andre å finne fotfeste etter et tap.",
      profile_image_url: expect.any(String) as unknown,
      profile_image_thumb_url: expect.any(String) as unknown,
      topics: ["Sorg", "Traumer"],
      interests: ["Sorg", "Traumer"],
      greeting: "Hei, jeg heter Hanne. Så fint at du tar kontakt.",
      available: true,
    });
    for (const hidden of ["Dahl", "user_id", "time_zone", "Europe/Oslo", "recovery", "last_name"]) {
      expect(text).not.toContain(hidden);
    }
    for (const entry of entries)
      expect(Object.keys(entry).sort()).toEqual([...ALWAYS_PUBLIC_FIELDS, "motivation"].sort());
  });

  it("keeps the spec's shape for secret keys", async () => {
    const response = await request(`${ROSTER}?items=1`, { token: secret });
    const body = await response.json<{ peer_supporters: Record<string, unknown>[] }>();
    expect(body.peer_supporters[0]).toMatchObject({
      last_name: "Dahl",
      user_id: 4501,
      recovery_status: "Ti år i bedring etter rusavhengighet.",
    });
  });

  it("never carries an excluded field, whatever the texts (fuzzed)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          bio: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
          motivation: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
          topics: fc.uniqueArray(
            fc.string({ minLength: 1, maxLength: 8 }).filter((t) => t.trim() !== ""),
            {
              maxLength: 3,
              selector: (t) => t.trim().toLowerCase(),
            },
          ),
          recoverySuffix: fc.string({ maxLength: 20 }),
        }),
        async ({ bio, motivation, topics, recoverySuffix }) => {
          const marker = `Zqx${++n}`;
          const created = await send(
            ROSTER,
            "POST",
            {
              first_name: `Fuzz${marker}`,
              last_name: `Hemmelig${marker}`,
              time_zone: "Pacific/Chatham",
              status: "approved",
              bio,
              motivation,
              topics: topics.map((t) => t.trim()),
              recovery_status: `Rekonvalesens${marker}${recoverySuffix}`,
            },
            secret,
          );
          if (created.status === 400) return; // texts the API refuses are not stored at all
          expect(created.status).toBe(201);
          const { text, entries } = await publicRead(`&q=fuzz${marker.toLowerCase()}`);
          expect(entries).toHaveLength(1);
          expect(Object.keys(entries[0] ?? {}).sort()).toEqual(
            [...ALWAYS_PUBLIC_FIELDS, "motivation"].sort(),
          );
          for (const hidden of [`Hemmelig${marker}`, `Rekonvalesens${marker}`, "Pacific/Chatham"]) {
            expect(text).not.toContain(hidden);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("public roster settings", () => {
  it("defaults to no recovery story and motivation shown, until saved", async () => {
    const response = await request(SETTINGS, { token: secret });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      show_recovery_status: false,
      show_motivation: true,
      contact_url: null,
      updated_at: null,
    });
  });

  it("decides the optional fields, for this organization only", async () => {
    const saved = await send(
      SETTINGS,
      "PUT",
      { show_recovery_status: true, show_motivation: false },
      secret,
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      show_recovery_status: true,
      show_motivation: false,
    });
    const { entries } = await publicRead();
    const hanne = entries.find((entry) => entry.id === 812);
    expect(hanne).toMatchObject({ recovery_status: "Ti år i bedring etter rusavhengighet." });
    expect(hanne).not.toHaveProperty("motivation");
    const theirs = await request("/api/v2/organizations/6/public-roster-settings", {
      token: await tokenFor(OTHER_ORGANIZATION),
    });
    expect(await theirs.json()).toMatchObject({ show_recovery_status: false, updated_at: null });
    // A field left out takes its default: the body is the whole setting.
    const reset = await send(SETTINGS, "PUT", {}, secret);
    expect(await reset.json()).toMatchObject({
      show_recovery_status: false,
      show_motivation: true,
    });
  });

  it("names each bad field, and refuses publishable and foreign keys", async () => {
    const bad = await send(
      SETTINGS,
      "PUT",
      { show_recovery_status: "yes", shown: true, contact_url: "javascript:alert({id})" },
      secret,
    );
    expect(bad.status).toBe(400);
    const { details } = await bad.json<{ details: { field: string }[] }>();
    expect(details.map((d) => d.field).sort()).toEqual([
      "contact_url",
      "show_recovery_status",
      "shown",
    ]);
    expect((await request(SETTINGS, { token: publishable })).status).toBe(403);
    expect((await request(SETTINGS, { token: await tokenFor(OTHER_ORGANIZATION) })).status).toBe(
      401,
    );
  });
});
