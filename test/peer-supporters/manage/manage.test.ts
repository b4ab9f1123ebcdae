import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../../src/auth/tokens.ts";
import {
  DEMO_ORGANIZATION,
  getRoster,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  send,
  tokenFor,
} from "../../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
let secret: string;
let otherSecret: string;
let publishable: string;

type Managed = {
  id: number;
  time_zone: string;
  user_id: number;
  first_name: string;
  last_name: string | null;
  status: string;
  listed: boolean;
  listed_changed_at: string | null;
  topics: string[];
  mentor_id: string | null;
  visible_publicly: boolean;
  hidden_reasons: string[];
  bio: string | null;
};

beforeAll(async () => {
  await loadDemoData();
  secret = await tokenFor(DEMO_ORGANIZATION);
  otherSecret = await tokenFor(OTHER_ORGANIZATION);
  publishable = (await createToken(env.TOKENS, DEMO_ORGANIZATION, "site", { kind: "publishable" }))
    .token;
});

async function create(body: Record<string, unknown> = {}, token = secret) {
  const response = await send(
    ROSTER,
    "POST",
    { first_name: "Kari", last_name: "Nordmann", time_zone: "Europe/Oslo", ...body },
    token,
  );
  expect(response.status).toBe(201);
  return response.json<Managed>();
}

const patch = (id: number, body: unknown, token = secret) =>
  send(`${ROSTER}/${id}`, "PATCH", body, token);

const fields = async (response: Response) =>
  (await response.json<{ details: { field: string }[] }>()).details.map((d) => d.field).sort();

describe("POST …/peer_supporters", () => {
  it("creates a new person and membership, pending and listed by default", async () => {
    const created = await create({ bio: "Jeg har gått veien selv.", topics: ["Angst", "PTSD"] });
    expect(created).toMatchObject({
      first_name: "Kari",
      last_name: "Nordmann",
      status: "pending",
      listed: true,
      topics: ["Angst", "PTSD"],
      mentor_id: null,
      visible_publicly: false,
      hidden_reasons: ["pending"],
    });
    expect(created.listed_changed_at).toMatch(/Z$/);
    const read = await request(`${ROSTER}/${created.id}`, { token: secret });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(created);
    // Search and the secret list see it at once, through the index too.
    const found = await getRoster(5, { q: "nordmann" }, secret);
    expect(found.peer_supporters.map((s) => s.id)).toContain(created.id);
  });

  it("never attaches an existing user: user_id is not a field", async () => {
    const response = await send(
      ROSTER,
      "POST",
      { first_name: "X", time_zone: "Europe/Oslo", user_id: 4518 },
      secret,
    );
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual(["user_id"]);
  });

  it("names every failing field in one 400", async () => {
    const response = await send(
      ROSTER,
      "POST",
      {
        time_zone: "Mars/Olympus",
        bio: "x".repeat(601),
        avatar: "../etc/passwd",
        status: "active",
        topics: ["", "a"],
        mentor_id: "nope",
      },
      secret,
    );
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual([
      "avatar",
      "bio",
      "first_name",
      "mentor_id",
      "status",
      "time_zone",
      "topics[0]",
    ]);
  });

  it("counts the bio in code points and refuses topics beyond the limits", async () => {
    expect((await create({ bio: "ø".repeat(600) })).bio).toHaveLength(600);
    const tooMany = await send(
      ROSTER,
      "POST",
      { first_name: "A", time_zone: "UTC", topics: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      secret,
    );
    expect(await fields(tooMany)).toEqual(["topics"]);
    const twice = await send(
      ROSTER,
      "POST",
      { first_name: "A", time_zone: "UTC", topics: ["PTSD", "ptsd"] },
      secret,
    );
    expect(await fields(twice)).toEqual(["topics"]);
  });

  it("takes every text at its limit, in 3-byte characters, in one body", async () => {
    const created = await create({
      first_name: "名".repeat(100),
      last_name: "姓".repeat(100),
      bio: "日".repeat(600),
      motivation: "动".repeat(2000),
      recovery_status: "复".repeat(2000),
      topics: Array.from(
        { length: 20 },
        (_, i) => `${"题".repeat(48)}${String(i).padStart(2, "0")}`,
      ),
    });
    expect(created.bio).toHaveLength(600);
  });

  it("refuses `about` (the platform-level bio, never shown in the managed record) on POST and PATCH", async () => {
    const refused = await send(
      ROSTER,
      "POST",
      { first_name: "A", time_zone: "UTC", about: "Om meg" },
      secret,
    );
    expect(refused.status).toBe(400);
    expect(await fields(refused)).toEqual(["about"]);
    const created = await create({});
    const patched = await send(
      `${ROSTER}/${String(created.id)}`,
      "PATCH",
      { about: "Om meg" },
      secret,
    );
    expect(await fields(patched)).toEqual(["about"]);
  });

  it("stores a time zone's canonical name, and refuses offsets", async () => {
    const created = await create({ time_zone: "europe/oslo" });
    expect(created).toMatchObject({ time_zone: "Europe/Oslo" });
    // A current IANA name as given; an old name or link as the zone it names now.
    for (const [given, stored] of [
      ["Europe/Kyiv", "Europe/Kyiv"],
      ["Europe/Kiev", "Europe/Kyiv"],
      ["Asia/Kolkata", "Asia/Kolkata"],
      ["America/Nuuk", "America/Nuuk"],
      ["Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh"],
    ]) {
      expect(await create({ time_zone: given }), given).toMatchObject({ time_zone: stored });
    }
    for (const time_zone of [
      "+01:00",
      "Europe/Atlantis",
      "",
      "Factory",
      "factory",
      "Etc/Unknown",
    ]) {
      const response = await send(ROSTER, "POST", { first_name: "A", time_zone }, secret);
      expect(await fields(response), time_zone).toEqual(["time_zone"]);
    }
  });

  it("answers 415 for a body that is not JSON", async () => {
    const response = await request(ROSTER, {
      method: "POST",
      token: secret,
      headers: { "Content-Type": "text/plain" },
      body: "{}",
    });
    expect(response.status).toBe(415);
  });
});

describe("keys", () => {
  it("401 without a key or with another organization's, 403 for a publishable key", async () => {
    const body = { first_name: "A", time_zone: "UTC" };
    const none = await request(ROSTER, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(none.status).toBe(401);
    const other = await send(ROSTER, "POST", body, otherSecret);
    expect(other.status).toBe(401);
    expect(await other.json()).toEqual({ error: "Not Authorized" });
    expect((await send(ROSTER, "POST", body, publishable)).status).toBe(403);
    for (const path of [`${ROSTER}/812`, `${ROSTER}/812/listing-history`]) {
      expect((await request(path, { token: otherSecret })).status).toBe(401);
      expect((await request(path, { token: publishable })).status).toBe(403);
    }
    expect((await request(`${ROSTER}/812`, { token: "prt_nope" })).status).toBe(401);
    // And the other way: organization 5's key on organization 6's member and settings.
    const theirs = "/api/v2/organizations/6";
    expect((await request(`${theirs}/peer_supporters/829`, { token: secret })).status).toBe(401);
    expect(
      (await send(`${theirs}/peer_supporters/829`, "PATCH", { listed: false }, secret)).status,
    ).toBe(401);
    expect((await request(`${theirs}/public-roster-settings`, { token: secret })).status).toBe(401);
  });

  it("404 for a member that is not this organization's peer supporter", async () => {
    // 829 is organization 6's; 824 is organization 5's admin, not a peer supporter.
    for (const id of ["829", "824", "999999", "abc"]) {
      const response = await request(`${ROSTER}/${id}`, { token: secret });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "Peer supporter not found" });
      expect((await patch(Number(id) || 0, { listed: false })).status).toBe(404);
      expect((await request(`${ROSTER}/${id}`, { method: "DELETE", token: secret })).status).toBe(
        404,
      );
    }
    // Organization 6's member is untouched by organization 5's attempts.
    const theirs = await getRoster(6, {}, otherSecret);
    expect(theirs.peer_supporters.map((s) => s.id)).toContain(829);
  });
});

describe("PATCH …/:member_id", () => {
  it("changes membership fields and the person's own fields", async () => {
    const created = await create();
    const response = await patch(created.id, {
      first_name: "Kåre",
      bio: "Ny bio",
      status: "approved",
      topics: ["Sorg"],
    });
    expect(response.status).toBe(200);
    const changed = await response.json<Managed>();
    expect(changed).toMatchObject({
      first_name: "Kåre",
      bio: "Ny bio",
      status: "approved",
      topics: ["Sorg"],
      visible_publicly: true,
      hidden_reasons: [],
    });
    expect((await getRoster(5, { q: "kåre" }, secret)).total_items).toBe(1);
    expect((await getRoster(5, { q: "ny bio" }, secret)).peer_supporters[0]?.id).toBe(created.id);
  });

  it("refuses to change a person another organization shares, and changes nothing", async () => {
    // User 4505 is member 816 here and member 831 of organization 6.
    const response = await patch(816, { first_name: "Changed", bio: "also changed" });
    expect(response.status).toBe(409);
    expect((await response.json<{ error: string }>()).error).toMatch(/another organization/);
    const theirs = await getRoster(6, {}, otherSecret);
    const shared = theirs.peer_supporters.find((s) => s.id === 831);
    expect(shared?.first_name).not.toBe("Changed");
    const ours = await request(`${ROSTER}/816`, { token: secret });
    expect((await ours.json<Managed>()).bio).not.toBe("also changed");
    // The membership's own fields still change.
    expect((await patch(816, { bio: "Bare vår bio" })).status).toBe(200);
    const theirsAfter = await getRoster(6, {}, otherSecret);
    expect(theirsAfter.peer_supporters.find((s) => s.id === 831)?.bio).not.toBe("Bare vår bio");
  });

  it("needs at least one field, and names unknown ones", async () => {
    const empty = await patch(812, {});
    expect(empty.status).toBe(400);
    const unknown = await patch(812, { rating: 5 });
    expect(await fields(unknown)).toEqual(["rating"]);
  });
});

describe("listing history", () => {
  it("keeps every change of listed with its time and key, newest first", async () => {
    const created = await create({ status: "approved" });
    const again = await patch(created.id, { listed: true });
    expect(again.status).toBe(200);
    const off = await patch(created.id, { listed: false });
    expect(await off.json()).toMatchObject({ listed: false, hidden_reasons: ["not_listed"] });
    await patch(created.id, { listed: true });
    const response = await request(`${ROSTER}/${created.id}/listing-history`, { token: secret });
    expect(response.status).toBe(200);
    const { data } = await response.json<{
      data: {
        listed: boolean;
        source: string;
        key_id: string;
        changed_by: { kind: string; id: string; name: string | null };
      }[];
    }>();
    // Setting the same value again is no change.
    expect(data.map((change) => change.listed)).toEqual([true, false, true]);
    expect(new Set(data.map((change) => change.source))).toEqual(new Set(["api"]));
    expect(data[0]?.key_id).toMatch(/\S/);
    // Who, as the mentors' status history says it: the key's id and label.
    expect(data[0]?.changed_by).toMatchObject({ kind: "api_key", id: data[0]?.key_id });
  });
});

describe("DELETE …/:member_id", () => {
  it("removes the membership and the person no one else uses", async () => {
    const created = await create({ first_name: "Slettes", status: "approved" });
    const response = await request(`${ROSTER}/${created.id}`, { method: "DELETE", token: secret });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: true, id: created.id });
    expect((await request(`${ROSTER}/${created.id}`, { token: secret })).status).toBe(404);
    const user = await env.DB.prepare("SELECT id FROM users WHERE id = ?")
      .bind(created.user_id)
      .all();
    expect(user.results).toEqual([]);
    const index = await env.DB.prepare("SELECT rowid FROM member_search WHERE rowid = ?")
      .bind(created.id)
      .all();
    expect(index.results).toEqual([]);
    const history = await env.DB.prepare(
      "SELECT id FROM member_listing_changes WHERE member_id = ?",
    )
      .bind(created.id)
      .all();
    expect(history.results).toEqual([]);
    expect((await getRoster(5, { q: "slettes" }, secret)).total_items).toBe(0);
  });

  it("never gives a removed member's id, or their person's, to someone new", async () => {
    const first = await create({ first_name: "Forrige" });
    expect(
      (await request(`${ROSTER}/${first.id}`, { method: "DELETE", token: secret })).status,
    ).toBe(200);
    const next = await create({ first_name: "Neste" });
    expect(next.id).toBeGreaterThan(first.id);
    expect(next.user_id).toBeGreaterThan(first.user_id);
  });

  it("keeps a person whom another organization or a platform profile uses", async () => {
    // 812's user 4501 has a platform profile; 816's user is shared with organization 6.
    for (const [member, user] of [
      [812, 4501],
      [816, 4505],
    ] as const) {
      const response = await request(`${ROSTER}/${member}`, { method: "DELETE", token: secret });
      expect(response.status).toBe(200);
      const row = await env.DB.prepare("SELECT id FROM users WHERE id = ?").bind(user).all();
      expect(row.results).toHaveLength(1);
    }
    expect((await getRoster(6, {}, otherSecret)).peer_supporters.map((s) => s.id)).toContain(831);
    // 826's user 4515 has only this organization's own profile (9003): both go.
    expect((await request(`${ROSTER}/826`, { method: "DELETE", token: secret })).status).toBe(200);
    const gone = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM users WHERE id = 4515) + (SELECT count(*) FROM peer_supporters WHERE id = 9003) AS n",
    ).first<{ n: number }>();
    expect(gone?.n).toBe(0);
  });
});
