import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { importDataset } from "../../src/import/import-dataset.ts";
import { certWarningDays } from "../../src/settings.ts";
import { erasePerson } from "../../src/erasure/erase-person.ts";
import { getRoster, request, send, tokenFor } from "../support/helpers.ts";

const ORG = { id: 1, publicId: "org_abc123" };
const OTHER = { id: 2, publicId: "org_def456" };
const organizations = [
  { id: 1, public_id: ORG.publicId, name: "Likepersonforeningen" },
  { id: 2, public_id: OTHER.publicId, name: "Nabolaget" },
];
const user = (id: number, first_name = `Person${id}`) => ({
  id,
  first_name,
  last_name: "Ødegård",
  time_zone: "Europe/Oslo",
});
const member = (id: number, user_id: number, extra: Record<string, unknown> = {}) => ({
  id,
  organization_id: 1,
  user_id,
  roles: ["peer_supporter"],
  status: "approved",
  ...extra,
});
const mentor = (mentor_id: string, org_id = ORG.publicId) => ({
  mentor_id,
  org_id,
  full_name: "Kari Nordmann",
  email: `${mentor_id}@frivillig.no`,
  certification_expiry_date: "2099-01-01",
});

const importWith = (dataset: unknown, replaceRosters: number[] = []) =>
  importDataset(env.DB, dataset, { certWarningDays: certWarningDays(env), replaceRosters });

// Every table that can hold a person's data, and the index.
const PERSON_TABLES = [
  "users",
  "preferences",
  "organization_members",
  "organization_member_roles",
  "peer_supporters",
  "member_listing_changes",
  "member_search",
  "member_search_short",
] as const;

async function count(table: string, where = "1") {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).first<{
    n: number;
  }>();
  return row?.n ?? -1;
}

beforeEach(async () => {
  await env.DB.batch(
    ["users", "peer_mentors", "organizations", "import_chunks"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
});

describe("the import's new member fields", () => {
  it("takes listed, topics and mentor_id, defaulting to listed, none and no mentor", async () => {
    const result = await importWith({
      organizations,
      users: [user(1), user(2)],
      peer_mentors: [mentor("mentor_abc")],
      organization_members: [
        member(10, 1, { listed: false, topics: ["Angst", "Sorg"], mentor_id: "mentor_abc" }),
        member(11, 2),
      ],
    });
    expect(result).toMatchObject({ ok: true, removedMembers: 0 });
    const token = await tokenFor(ORG);
    const ten = await (
      await request("/api/v2/organizations/1/peer_supporters/10", { token })
    ).json();
    expect(ten).toMatchObject({
      listed: false,
      topics: ["Angst", "Sorg"],
      mentor_id: "mentor_abc",
      hidden_reasons: ["not_listed"],
    });
    const eleven = await (
      await request("/api/v2/organizations/1/peer_supporters/11", { token })
    ).json();
    expect(eleven).toMatchObject({
      listed: true,
      topics: [],
      mentor_id: null,
      visible_publicly: true,
    });
  });

  it("keeps listing history: the first import, then each change", async () => {
    const base = { organizations, users: [user(1)] };
    await importWith({ ...base, organization_members: [member(10, 1)] });
    await importWith({ ...base, organization_members: [member(10, 1)] });
    await importWith({ ...base, organization_members: [member(10, 1, { listed: false })] });
    const token = await tokenFor(ORG);
    const response = await request("/api/v2/organizations/1/peer_supporters/10/listing-history", {
      token,
    });
    const { data } = await response.json<{
      data: { listed: boolean; source: string; key_id: null }[];
    }>();
    expect(data.map((c) => [c.listed, c.source, c.key_id])).toEqual([
      [false, "import", null],
      [true, "import", null],
    ]);
  });

  it("never lists again someone who withdrew, when the file leaves listed out", async () => {
    const base = { organizations, users: [user(1)] };
    await importWith({ ...base, organization_members: [member(10, 1)] });
    const token = await tokenFor(ORG);
    const path = "/api/v2/organizations/1/peer_supporters/10";
    expect((await send(path, "PATCH", { listed: false }, token)).status).toBe(200);
    // An older file, without the field: the person's choice stands.
    await importWith({ ...base, organization_members: [member(10, 1, { bio: "Ny" })] });
    expect(await (await request(path, { token })).json()).toMatchObject({
      listed: false,
      bio: "Ny",
    });
    // A file that says so lists them, and the history shows the import did it.
    await importWith({ ...base, organization_members: [member(10, 1, { listed: true })] });
    expect(await (await request(path, { token })).json()).toMatchObject({ listed: true });
    const history = await request(`${path}/listing-history`, { token });
    const { data } = await history.json<{ data: { listed: boolean; source: string }[] }>();
    expect(data.map((c) => `${String(c.listed)} ${c.source}`)).toEqual([
      "true import",
      "false api",
      "true import",
    ]);
  });

  it("refuses a mentor of another organization, an unknown one, or one twice", async () => {
    const result = await importWith({
      organizations,
      users: [user(1), user(2), user(3)],
      peer_mentors: [mentor("mentor_abc"), mentor("mentor_other", OTHER.publicId)],
      organization_members: [
        member(10, 1, { mentor_id: "mentor_other" }),
        member(11, 2, { mentor_id: "mentor_nope" }),
        member(12, 3, { mentor_id: "mentor_abc" }),
        member(13, 1, { organization_id: 2, mentor_id: "mentor_abc" }),
      ],
    });
    expect(result.ok ? [] : result.errors.map((e) => e.field).sort()).toEqual([
      "organization_members[0].mentor_id",
      "organization_members[1].mentor_id",
      "organization_members[3].mentor_id",
      "organization_members[3].mentor_id",
    ]);
    expect(await count("users")).toBe(0);
  });
});

describe("mentor links held in the database", () => {
  const base = {
    organizations,
    users: [user(1), user(2), user(3)],
    peer_mentors: [mentor("mentor_abc"), mentor("mentor_def")],
  };

  it("lets two members of the file swap mentors, in either order", async () => {
    const links = (first: string, second: string) => [
      member(10, 1, { mentor_id: first }),
      member(11, 2, { mentor_id: second }),
    ];
    expect(
      await importWith({ ...base, organization_members: links("mentor_abc", "mentor_def") }),
    ).toMatchObject({ ok: true });
    // Swapped, with the records in file order, then in reverse order.
    expect(
      await importWith({ ...base, organization_members: links("mentor_def", "mentor_abc") }),
    ).toMatchObject({ ok: true });
    expect(
      await importWith({
        ...base,
        organization_members: links("mentor_abc", "mentor_def").reverse(),
      }),
    ).toMatchObject({ ok: true });
    expect(await count("organization_members", "id = 10 AND mentor_id = 'mentor_abc'")).toBe(1);
    expect(await count("organization_members", "id = 11 AND mentor_id = 'mentor_def'")).toBe(1);
  });

  it("names the record that takes a mentor another member keeps", async () => {
    await importWith({
      ...base,
      organization_members: [member(10, 1, { mentor_id: "mentor_abc" })],
    });
    const result = await importWith({
      ...base,
      organization_members: [member(12, 3, { mentor_id: "mentor_abc" })],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: "organization_members[0].mentor_id",
          message: "mentor_abc is already linked to member 10, which the file does not change",
        },
      ],
    });
  });
});

describe("--replace-roster", () => {
  const start = {
    organizations,
    users: [user(1), user(2), user(3), user(4)],
    peer_supporters: [{ id: 90, user_id: 3, organization_id: null, status: "active" }],
    organization_members: [
      member(10, 1),
      member(11, 2),
      member(12, 3),
      member(13, 4),
      member(20, 4, { organization_id: 2 }),
    ],
  };

  it("removes the organization's members not in the file, and people nothing else uses", async () => {
    expect(await importWith(start)).toMatchObject({ ok: true });
    const result = await importWith({ organization_members: [member(10, 1)] }, [1]);
    expect(result).toMatchObject({ ok: true, removedMembers: 3 });
    expect(await count("organization_members", "organization_id = 1")).toBe(1);
    // 11's person had no other use; 12's has a platform profile; 13's is in organization 2.
    expect(await count("users", "id = 2")).toBe(0);
    expect(await count("users", "id IN (1, 3, 4)")).toBe(3);
    expect(await count("member_search", "rowid IN (11, 12, 13)")).toBe(0);
    expect(await count("organization_member_roles", "organization_member_id IN (11, 12, 13)")).toBe(
      0,
    );
    // Organization 2 is untouched.
    expect(await count("organization_members", "organization_id = 2")).toBe(1);
    const roster = await getRoster(1, {}, await tokenFor(ORG));
    expect(roster.peer_supporters.map((s) => s.id)).toEqual([10]);
  });

  it("removes nothing when one record is bad, or the organization is unknown", async () => {
    expect(await importWith(start)).toMatchObject({ ok: true });
    const bad = await importWith(
      { organization_members: [member(10, 1), member(11, 2, { status: "active" })] },
      [1],
    );
    expect(bad.ok).toBe(false);
    const unknown = await importWith({ organization_members: [member(10, 1)] }, [1, 77]);
    expect(unknown).toMatchObject({ ok: false, errors: [{ field: "--replace-roster" }] });
    expect(await count("organization_members")).toBe(5);
    expect(await count("users")).toBe(4);
  });

  it("keeps a person the same file adds elsewhere", async () => {
    expect(await importWith(start)).toMatchObject({ ok: true });
    const result = await importWith(
      { organization_members: [member(10, 1), member(21, 2, { organization_id: 2 })] },
      [1],
    );
    expect(result).toMatchObject({ ok: true, removedMembers: 3 });
    expect(await count("users", "id = 2")).toBe(1);
    expect(await count("organization_members", "id = 21")).toBe(1);
  });
});

describe("erasure", () => {
  it("leaves no row of the person in any table or in the index", async () => {
    expect(
      await importWith({
        organizations,
        users: [user(1, "Slettmeg"), user(2)],
        preferences: [{ user_id: 1, peer_support_interests: ["Sorg"] }],
        peer_supporters: [{ id: 90, user_id: 1, organization_id: null, status: "active" }],
        peer_mentors: [mentor("mentor_abc")],
        organization_members: [
          member(10, 1, { mentor_id: "mentor_abc" }),
          member(20, 1, { organization_id: 2, roles: ["peer_supporter", "admin"] }),
          member(11, 2),
        ],
      }),
    ).toMatchObject({ ok: true });
    const token = await tokenFor(ORG);
    expect(
      (await send("/api/v2/organizations/1/peer_supporters/10", "PATCH", { listed: false }, token))
        .status,
    ).toBe(200);

    const report = await erasePerson(env.DB, 1);
    expect(report).toEqual({
      user: 1,
      organization_members: 2,
      organization_member_roles: 3,
      preferences: 1,
      peer_supporters: 1,
      member_listing_changes: 3,
      member_search: 2,
      member_search_short: 2,
      linked_peer_mentors: ["mentor_abc"],
    });
    const where: Record<(typeof PERSON_TABLES)[number], string> = {
      users: "id = 1",
      preferences: "user_id = 1",
      organization_members: "user_id = 1 OR id IN (10, 20)",
      organization_member_roles: "organization_member_id IN (10, 20)",
      peer_supporters: "user_id = 1",
      member_listing_changes: "member_id IN (10, 20)",
      member_search:
        "rowid IN (10, 20) OR member_search MATCH '{name last_name bio} : \"slettmeg\"'",
      member_search_short: "rowid IN (10, 20)",
    };
    for (const table of PERSON_TABLES) expect(await count(table, where[table]), table).toBe(0);
    // Everyone else stays, and so does the registry's mentor record.
    expect(await count("users", "id = 2")).toBe(1);
    expect(await count("member_search", "rowid = 11")).toBe(1);
    expect(await count("member_search_short", "rowid = 11")).toBe(1);
    expect(await count("peer_mentors", "mentor_id = 'mentor_abc'")).toBe(1);
    expect(await erasePerson(env.DB, 1)).toBeNull();
  });
});
