import { beforeAll, describe, expect, it } from "vitest";
import demoDataset from "../../data/demo.json";
import { getRoster, request, type RosterBody, loadDemoDataWithToken } from "../support/helpers.ts";

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

// From the file itself, not from the API under test.
const rosterIds = demoDataset.organization_members
  .filter((m) => m.organization_id === 5 && m.roles.includes("peer_supporter"))
  .map((m) => m.id)
  .sort((a, b) => a - b);

const page = (query: Record<string, string>) => getRoster(5, query, token);

describe("paging", () => {
  it("defaults to page 1 of 10", async () => {
    const body = await page({});
    expect(body.current_page).toBe(1);
    expect(body.items).toBe(10);
    expect(body.total_items).toBe(rosterIds.length);
    expect(body.total_pages).toBe(Math.ceil(rosterIds.length / 10));
    expect(body.peer_supporters.map((p) => p.id)).toEqual(rosterIds.slice(0, 10));
  });

  it.each([1, 3, 5, 16, 100])(
    "gives every supporter exactly once, in id order, across pages of %i",
    async (items) => {
      const first = await page({ items: String(items) });
      const ids = first.peer_supporters.map((p) => p.id);
      for (let n = 2; n <= first.total_pages; n++) {
        const next = await page({ items: String(items), page: String(n) });
        expect(next.current_page).toBe(n);
        ids.push(...next.peer_supporters.map((p) => p.id));
      }
      expect(ids).toEqual(rosterIds);
      expect(first.total_pages).toBe(Math.ceil(rosterIds.length / items));
    },
  );

  it("answers a page past the end with no supporters and the true totals", async () => {
    const body = await page({ page: "99", items: "5" });
    expect(body).toEqual({
      current_page: 99,
      items: 5,
      total_items: rosterIds.length,
      total_pages: Math.ceil(rosterIds.length / 5),
      peer_supporters: [],
    });
  });
});

describe("clamping and fallbacks", () => {
  it.each([
    ["0", 1],
    ["-5", 1],
    ["1", 1],
    ["100", 100],
    ["101", 100],
    ["100000", 100],
    ["abc", 10],
    ["2.5", 10],
    ["", 10],
  ])("items=%s serves pages of %i", async (items, expected) => {
    const body = await page({ items });
    expect(body.items).toBe(expected);
    expect(body.peer_supporters).toHaveLength(Math.min(expected, rosterIds.length));
  });

  it.each(["0", "-1", "abc", "1.5", ""])("page=%s means page 1", async (raw) => {
    const body = await page({ page: raw, items: "4" });
    expect(body.current_page).toBe(1);
    expect(body.peer_supporters.map((p) => p.id)).toEqual(rosterIds.slice(0, 4));
  });

  it("serves an enormous page number as an empty page, not an error", async () => {
    const body = await page({ page: "99999999999999999999999" });
    expect(body.current_page).toBe(1_000_000);
    expect(body.peer_supporters).toEqual([]);
    expect(body.total_items).toBe(rosterIds.length);
  });

  it("takes the first of repeated parameters", async () => {
    const response = await request("/api/v2/organizations/5/peer_supporters?items=2&items=50", {
      token,
    });
    expect(response.status).toBe(200);
    expect((await response.json<RosterBody>()).items).toBe(2);
  });
});
