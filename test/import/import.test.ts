import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import demoDataset from "../../data/demo.json";
import { importDataset } from "../../src/import/import-dataset.ts";
import {
  DEMO_ORGANIZATION,
  getRoster,
  importInto,
  loadDataset,
  tokenFor,
} from "../support/helpers.ts";

const TABLES = [
  "import_chunks",
  "organizations",
  "users",
  "preferences",
  "organization_members",
  "organization_member_roles",
  "peer_supporters",
  "peer_mentors",
  "peer_mentor_status_changes",
];

async function rowCounts() {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
    counts[table] = row?.n ?? -1;
  }
  return counts;
}

const empty = Object.fromEntries(TABLES.map((t) => [t, 0]));

const organization = { id: 1, public_id: "org_abc123", name: "Likepersonforeningen" };
const user = (id: number, first_name = "Åse") => ({
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

// Each test starts from an empty database: storage is isolated per test file, so clear it here.
beforeEach(async () => {
  await env.DB.batch(TABLES.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
});

describe("validation", () => {
  it("names the bad record as collection[index].field and writes nothing", async () => {
    const result = await importInto({
      organizations: [organization],
      users: [user(1), user(2)],
      organization_members: [member(10, 1), member(11, 2, { rating: 7 })],
    });
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({
      errors: [{ field: "organization_members[1].rating", message: expect.any(String) as unknown }],
    });
    expect(await rowCounts()).toEqual(empty);
  });

  it("reports every failing field at once", async () => {
    const result = await importInto({
      organizations: [{ id: 1, public_id: "ORG-1", name: "" }],
      users: [{ ...user(1), time_zone: "Mars/Olympus", avatar: "../etc/passwd" }],
      peer_supporters: [{ id: 1, user_id: 1, organization_id: null, status: "open" }],
    });
    expect(result.ok ? [] : result.errors.map((e) => e.field).sort()).toEqual([
      "organizations[0].name",
      "organizations[0].public_id",
      "peer_supporters[0].status",
      "users[0].avatar",
      "users[0].time_zone",
    ]);
  });

  it("rejects unknown collections and fields, and a file that is not an object", async () => {
    const typo = await importInto({
      organisations: [],
      users: [{ ...user(1), nick: "x" }],
    });
    expect(typo.ok ? [] : typo.errors.map((e) => e.field).sort()).toEqual([
      "organisations",
      "users[0].nick",
    ]);
    expect((await importInto([])).ok).toBe(false);
    expect((await importInto(null)).ok).toBe(false);
  });

  it("limits bio to 600 characters, counted as code points", async () => {
    const bio = (length: number) => "ø😀".repeat(length / 2);
    const base = { organizations: [organization], users: [user(1)] };
    const tooLong = await importInto({
      ...base,
      organization_members: [member(10, 1, { bio: bio(602) })],
    });
    expect(tooLong).toMatchObject({
      ok: false,
      errors: [{ field: "organization_members[0].bio" }],
    });
    const justRight = await importInto({
      ...base,
      organization_members: [member(10, 1, { bio: bio(600) })],
    });
    expect(justRight.ok).toBe(true);
  });

  it("rejects duplicate ids within the file, naming the later record", async () => {
    const result = await importInto({
      organizations: [organization],
      users: [user(1), user(2), user(1)],
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "users[2].id", message: "same id as users[0]" }],
    });
    expect(await rowCounts()).toEqual(empty);
  });

  it("rejects a second active platform-level profile for one user", async () => {
    const result = await importInto({
      users: [user(1)],
      peer_supporters: [
        { id: 1, user_id: 1, organization_id: null, status: "active" },
        { id: 2, user_id: 1, organization_id: null, status: "closed" },
        { id: 3, user_id: 1, organization_id: null, status: "active" },
      ],
    });
    expect(result).toMatchObject({ ok: false, errors: [{ field: "peer_supporters[2].user_id" }] });
  });

  it("rejects references to records in neither the file nor the database", async () => {
    const result = await importInto({
      users: [user(1)],
      organization_members: [member(10, 1), member(11, 99)],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: "organization_members[0].organization_id",
          message: "no organization with id 1 in the file or the database",
        },
        {
          field: "organization_members[1].organization_id",
          message: "no organization with id 1 in the file or the database",
        },
        {
          field: "organization_members[1].user_id",
          message: "no user with id 99 in the file or the database",
        },
      ],
    });
    expect(await rowCounts()).toEqual(empty);
  });

  it("accepts references to records already in the database", async () => {
    await loadDataset({ organizations: [organization], users: [user(1)] });
    expect((await importInto({ organization_members: [member(10, 1)] })).ok).toBe(true);
  });

  it("rolls everything back when the database rejects a record", async () => {
    await loadDataset({ organizations: [organization] });
    // Another organization claiming the same public_id: only the database can see the clash.
    const result = await importInto({
      organizations: [{ id: 2, public_id: organization.public_id, name: "Clash" }],
      users: [user(1)],
    });
    expect(result).toMatchObject({ ok: false, errors: [{ field: "(database)" }] });
    expect(await rowCounts()).toEqual({ ...empty, organizations: 1 });
  });
});

describe("writing", () => {
  it("upserts by id: importing the same file twice leaves the same data", async () => {
    await loadDataset(demoDataset);
    const once = await rowCounts();
    const token = await tokenFor(DEMO_ORGANIZATION);
    const rosterOnce = await getRoster(5, { items: "100" }, token);
    await loadDataset(demoDataset);
    expect(await rowCounts()).toEqual(once);
    expect(await getRoster(5, { items: "100" }, token)).toEqual(rosterOnce);
    expect(once.organization_members).toBe(demoDataset.organization_members.length);
  });

  it("updates changed records, their search text and their roles", async () => {
    await loadDataset({
      organizations: [organization],
      users: [user(1)],
      organization_members: [member(10, 1)],
    });
    const token = await tokenFor({ id: 1, publicId: organization.public_id });
    expect((await getRoster(1, { q: "åse" }, token)).total_items).toBe(1);

    await loadDataset({ users: [user(1, "Øydis")] });
    expect((await getRoster(1, { q: "åse" }, token)).total_items).toBe(0);
    expect((await getRoster(1, { q: "ØYDIS" }, token)).total_items).toBe(1);

    await loadDataset({ organization_members: [member(10, 1, { bio: "Turgåer i Tromsø" })] });
    expect((await getRoster(1, { q: "TROMSØ" }, token)).total_items).toBe(1);
    expect((await getRoster(1, { q: "øydis" }, token)).total_items).toBe(1);

    // The member now stands for another user: the index follows the new user's name.
    await loadDataset({ users: [user(2, "Vebjørn")] });
    await loadDataset({ organization_members: [member(10, 2)] });
    expect((await getRoster(1, { q: "øydis" }, token)).total_items).toBe(0);
    expect((await getRoster(1, { q: "vebjørn" }, token)).total_items).toBe(1);

    await loadDataset({ organization_members: [member(10, 2, { roles: ["admin"] })] });
    expect((await getRoster(1, {}, token)).total_items).toBe(0);
  });

  it("lands a file staged in many chunks all at once, and leaves no chunk behind", async () => {
    const users = Array.from({ length: 120 }, (_, i) => user(i + 1, `Bruker${i}`));
    const dataset = {
      organizations: [organization],
      users,
      organization_members: users.map((u) => member(u.id + 1000, u.id, { bio: `Bio nr. ${u.id}` })),
    };
    const options = { certWarningDays: 60, chunkBytes: 1_000 };
    expect(await importDataset(env.DB, dataset, options)).toMatchObject({ ok: true });
    const counts = await rowCounts();
    expect(counts).toMatchObject({ import_chunks: 0, users: 120, organization_member_roles: 120 });

    // The same file in chunks of one row, but one organization clashes with the database.
    await env.DB.prepare("DELETE FROM organizations WHERE id = 1").run();
    await loadDataset({ organizations: [{ ...organization, id: 2 }] });
    const clash = await importDataset(env.DB, dataset, { ...options, chunkBytes: 1 });
    expect(clash).toMatchObject({ ok: false, errors: [{ field: "(database)" }] });
    expect(await rowCounts()).toEqual({ ...empty, organizations: 1, users: 120 });
  });

  it("clears chunks a crashed import left over an hour ago, not a running import's", async () => {
    const chunk = (importId: string, createdAt: string) =>
      env.DB.prepare(
        "INSERT INTO import_chunks (import_id, collection, chunk, rows, created_at) VALUES (?, 'users', 0, '[]', ?)",
      ).bind(importId, createdAt);
    await env.DB.batch([
      chunk("import_crashed", "2026-11-22T08:59:59Z"),
      chunk("import_running", "2026-11-22T09:30:00Z"),
    ]);
    const now = new Date("2026-11-22T10:00:00Z");
    expect(await importInto({ organizations: [organization] }, now)).toMatchObject({ ok: true });
    const { results } = await env.DB.prepare("SELECT import_id FROM import_chunks").all();
    expect(results).toEqual([{ import_id: "import_running" }]);
  });

  it("inserts new mentors in the order of the list's index, whatever the file's order", async () => {
    const mentor = (mentor_id: string, org_id: string, created_at: string) => ({
      mentor_id,
      org_id,
      full_name: "Kari Nordmann",
      email: `${mentor_id}@example.no`,
      certification_expiry_date: "2030-01-01T00:00:00Z",
      created_at,
    });
    const second = { id: 2, public_id: "org_second", name: "Second" };
    const result = await importInto({
      organizations: [second, organization],
      peer_mentors: [
        mentor("mentor_c", "org_second", "2024-01-01T00:00:00Z"),
        mentor("mentor_b", "org_abc123", "2025-01-01T00:00:00Z"),
        mentor("mentor_d", "org_abc123", "2024-01-01T00:00:00Z"),
        mentor("mentor_a", "org_abc123", "2025-01-01T00:00:00Z"),
      ],
    });
    expect(result).toMatchObject({ ok: true });
    const { results } = await env.DB.prepare(
      "SELECT mentor_id FROM peer_mentors ORDER BY rowid",
    ).all<{ mentor_id: string }>();
    expect(results.map((r) => r.mentor_id)).toEqual([
      "mentor_d",
      "mentor_a",
      "mentor_b",
      "mentor_c",
    ]);
  });

  it("writes large collections in statements within D1's parameter limit", async () => {
    const users = Array.from({ length: 250 }, (_, i) => user(i + 1, `Bruker${i}`));
    const members = users.map((u) =>
      member(u.id + 1000, u.id, { roles: ["peer_supporter", "mentor"] }),
    );
    const result = await importInto({
      organizations: [organization],
      users,
      organization_members: members,
    });
    expect(result).toMatchObject({ ok: true, written: { users: 250, organization_members: 250 } });
    expect(await rowCounts()).toMatchObject({ users: 250, organization_member_roles: 500 });
  });
});
