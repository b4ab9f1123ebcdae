import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDataset, request, tokenFor } from "../support/helpers.ts";

/*
 * "Who expires next": the v1 list's sort, its expiry window and its CSV,
 * against mentors whose expiry dates are relative to today (the list reads
 * the real clock).
 */
const MENTORS = "/api/v1/peer-mentors";
const DAY = 86_400_000;
let token: string;

const daysFromToday = (days: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY)
    .toISOString()
    .slice(0, 10);
};

// [id, name, days until expiry]
const MENTOR_ROWS: [string, string, number][] = [
  ["mentor_e200", "Åsmund Ærlig", 200],
  ["mentor_e60", "Øyvind Østby", 60],
  ["mentor_e61", 'Bjørn, "Bamse" Li', 61],
  ["mentor_e0", "=SUM(A1) Nilsen", 0],
  ["mentor_e5", "Kari Nordmann", 5],
  ["mentor_past", "Per Utløpt", -3],
];

beforeAll(async () => {
  await loadDataset({
    organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Example Org" }],
    peer_mentors: MENTOR_ROWS.map(([mentor_id, full_name, days], i) => ({
      mentor_id,
      org_id: "org_x9y8z7",
      full_name,
      email: `${mentor_id}@frivillig.no`,
      phone: "+47 912 34 567",
      certification_expiry_date: daysFromToday(days),
      created_at: `2026-01-0${String(i + 1)}T00:00:00Z`,
    })),
  });
  token = await tokenFor(DEMO_ORGANIZATION);
});

async function listIds(query: string) {
  const response = await request(`${MENTORS}?${query}`, { token });
  expect(response.status).toBe(200);
  const body = await response.json<{
    data: { mentor_id: string }[];
    pagination: { total: number };
  }>();
  return { ids: body.data.map((mentor) => mentor.mentor_id), total: body.pagination.total };
}

describe("the peer mentor list: who expires next", () => {
  it("sorts by expiry, soonest or latest first; created_at stays the default", async () => {
    expect((await listIds("sort=certification_expiry_date")).ids).toEqual([
      "mentor_past",
      "mentor_e0",
      "mentor_e5",
      "mentor_e60",
      "mentor_e61",
      "mentor_e200",
    ]);
    expect((await listIds("sort=-certification_expiry_date&limit=2")).ids).toEqual([
      "mentor_e200",
      "mentor_e61",
    ]);
    expect((await listIds("")).ids).toEqual(MENTOR_ROWS.map(([id]) => id));
  });

  it("keeps those expiring within N days (today included, the past not)", async () => {
    expect(await listIds("expires_within_days=60&sort=certification_expiry_date")).toEqual({
      ids: ["mentor_e0", "mentor_e5", "mentor_e60"],
      total: 3,
    });
    expect((await listIds("expires_within_days=0")).ids).toEqual(["mentor_e0"]);
    expect((await listIds("expires_within_days=3650")).total).toBe(5);
  });

  it.each([
    ["expires_within_days=-1", "expires_within_days"],
    ["expires_within_days=3651", "expires_within_days"],
    ["expires_within_days=sixty", "expires_within_days"],
    ["sort=expiry", "sort"],
    ["staus=warning", "staus"],
  ])("answers %s with a 400 naming %s", async (query, field) => {
    const response = await request(`${MENTORS}?${query}`, { token });
    expect(response.status).toBe(400);
    const body = await response.json<{ details: { field: string }[] }>();
    expect(body.details.map((detail) => detail.field)).toEqual([field]);
  });

  it("names every unknown parameter at once", async () => {
    const response = await request(`${MENTORS}?staus=warning&srot=x&page=1`, { token });
    const body = await response.json<{ details: { field: string }[] }>();
    expect(body.details.map((detail) => detail.field).sort()).toEqual(["srot", "staus"]);
  });

  it("answers the same filtered list as CSV that a spreadsheet opens", async () => {
    const response = await request(
      `${MENTORS}?sort=certification_expiry_date&expires_within_days=60`,
      { token, headers: { Accept: "text/csv" } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Vary")).toContain("Accept");
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8 with a byte order mark, so Excel reads æ, ø and å.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toContain("days_until_expiry");
    expect(parsed.meta.fields).not.toContain("phone");
    expect(text).not.toContain("912 34 567");
    expect(parsed.data.map((row) => [row.mentor_id, row.full_name, row.days_until_expiry])).toEqual(
      [
        ["mentor_e0", "'=SUM(A1) Nilsen", "0"],
        ["mentor_e5", "Kari Nordmann", "5"],
        ["mentor_e60", "Øyvind Østby", "60"],
      ],
    );
  });

  it("puts the whole list in the CSV unless it is paged, quoting what needs it", async () => {
    const response = await request(MENTORS, { token, headers: { Accept: "text/csv" } });
    const parsed = Papa.parse<Record<string, string>>(await response.text(), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data).toHaveLength(MENTOR_ROWS.length);
    expect(parsed.data.map((row) => row.full_name)).toContain('Bjørn, "Bamse" Li');
    const paged = await request(`${MENTORS}?limit=2&page=2`, {
      token,
      headers: { Accept: "text/csv" },
    });
    const page = Papa.parse<Record<string, string>>(await paged.text(), {
      header: true,
      skipEmptyLines: true,
    });
    expect(page.data.map((row) => row.mentor_id)).toEqual(["mentor_e61", "mentor_e0"]);
  });
});
