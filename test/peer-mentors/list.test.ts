import { beforeAll, describe, expect, it } from "vitest";
import { demoDataset } from "../../data/demo-dataset.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  tokenFor,
} from "../support/helpers.ts";

const MENTORS = "/api/v1/peer-mentors";
const TODAY = new Date();
let token: string;

type ListBody = {
  data: Record<string, unknown>[];
  pagination: { page: number; limit: number; total: number };
};

beforeAll(async () => {
  await loadDemoData(TODAY);
  token = await tokenFor(DEMO_ORGANIZATION);
});

async function list(query: string, as = token) {
  const response = await request(`${MENTORS}?${query}`, { token: as });
  expect(response.status).toBe(200);
  return response.json<ListBody>();
}
const names = (body: ListBody) => body.data.map((m) => m.full_name);

// Expected order from the data itself: created_at (import time when not given), then mentor_id.
const demoMentorsOfOrg5 = demoDataset(TODAY).peer_mentors.filter((m) => m.org_id === "org_x9y8z7");

describe("GET /api/v1/peer-mentors", () => {
  it("lists the token's organization's mentors with exactly the spec's list fields", async () => {
    const body = await list("");
    expect(body.pagination).toEqual({ page: 1, limit: 20, total: demoMentorsOfOrg5.length });
    for (const item of body.data) {
      expect(Object.keys(item)).toEqual([
        "mentor_id",
        "full_name",
        "email",
        "org_id",
        "status",
        "is_hlf",
        "is_paused",
        "certification_expiry_date",
        "created_at",
        "updated_at",
      ]);
      expect(item.org_id).toBe("org_x9y8z7");
    }
  });

  it("orders by created_at, then mentor_id", async () => {
    const body = await list("");
    const keys = body.data.map((m) => `${String(m.created_at)} ${String(m.mentor_id)}`);
    expect(keys).toEqual([...keys].sort());
    expect(body.data[0]?.full_name).toBe("Ole Hansen"); // created 2023-07-22
  });

  it("shows every status in the demo data", async () => {
    const statuses = new Set((await list("")).data.map((m) => m.status));
    expect([...statuses].sort()).toEqual(["active", "expired", "paused", "warning"]);
  });

  it("pages and clamps limit to 1..100", async () => {
    const all = (await list("limit=100")).data.map((m) => m.mentor_id);
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      pages.push(...(await list(`limit=3&page=${page}`)).data.map((m) => m.mentor_id));
    }
    expect(pages).toEqual(all);
    expect((await list("limit=0")).pagination.limit).toBe(1);
    expect((await list("limit=1000")).pagination.limit).toBe(100);
    expect((await list("limit=abc&page=-2")).pagination).toMatchObject({ page: 1, limit: 20 });
    expect((await list("page=50")).data).toEqual([]);
  });

  it("filters by one or more comma-separated statuses, counting the filtered set", async () => {
    const warning = await list("status=warning");
    expect(names(warning).sort()).toEqual(["Bjørn Ærdal", "Ole Hansen"]);
    expect(warning.pagination.total).toBe(2);
    const two = await list("status=expired,paused");
    expect(names(two).sort()).toEqual(["Åse Øverland", "Øyvind Åsheim"]);
    // Repeated, as generated clients send an array (the document's style: form, explode).
    const repeated = await list("status=expired&status=paused");
    expect(names(repeated).sort()).toEqual(["Åse Øverland", "Øyvind Åsheim"]);
  });

  it("rejects an unknown status with 400", async () => {
    const response = await request(`${MENTORS}?status=active,retired`, { token });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ details: [{ field: "status" }] });
  });

  it("matches q against name or email, case-insensitively across Unicode", async () => {
    expect(names(await list(`q=${encodeURIComponent("øyvind")}`))).toEqual(["Øyvind Åsheim"]);
    expect(names(await list(`q=${encodeURIComponent("ÆRDAL")}`))).toEqual(["Bjørn Ærdal"]);
    expect(names(await list("q=OLE.HANSEN%40"))).toEqual(["Ole Hansen"]);
    expect((await list("q=hanne")).data).toEqual([]); // Hanne Jensen is organization 6's
    const tooLong = await request(`${MENTORS}?q=${"x".repeat(201)}`, { token });
    expect(tooLong.status).toBe(400);
  });

  it("accepts the token's own org_id and answers another with 403", async () => {
    expect((await list("org_id=org_x9y8z7")).pagination.total).toBe(demoMentorsOfOrg5.length);
    const response = await request(`${MENTORS}?org_id=org_k4m2p8`, { token });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "Not Authorized" });
  });

  it("shows another organization only its own mentors", async () => {
    const other = await list("", await tokenFor(OTHER_ORGANIZATION));
    expect(names(other)).toEqual(["Hanne Jensen"]);
  });
});
