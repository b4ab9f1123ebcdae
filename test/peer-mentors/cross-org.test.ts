import { beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";

// Kari Nordmann belongs to organization 5; every request here uses organization 6's token.
const KARI = "/api/v1/peer-mentors/mentor_a1b2c3";
let kariBefore: unknown;
let otherToken: string;

beforeAll(async () => {
  await loadDemoData();
  otherToken = await tokenFor(OTHER_ORGANIZATION);
  kariBefore = await (await request(KARI, { token: await tokenFor(DEMO_ORGANIZATION) })).json();
});

async function expectNotFound(response: Response) {
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ error: "Peer mentor not found" });
}

describe("another organization's mentor answers exactly like one that does not exist", () => {
  it.each([
    ["GET", "", undefined],
    ["PUT", "", { full_name: "Hacked" }],
    ["DELETE", "", undefined],
    ["PATCH", "/status", { status: "paused" }],
    ["PATCH", "/certification-expiry", { expiry_date: "2020-01-01" }],
    ["GET", "/status-history", undefined],
  ])("%s %s", async (method, suffix, body) => {
    const response =
      body === undefined
        ? await request(`${KARI}${suffix}`, { method, token: otherToken })
        : await send(`${KARI}${suffix}`, method, body, otherToken);
    await expectNotFound(response);
  });

  it("left the mentor untouched", async () => {
    const after = await request(KARI, { token: await tokenFor(DEMO_ORGANIZATION) });
    expect(await after.json()).toEqual(kariBefore);
  });
});

describe("naming another organization", () => {
  it("in the list query is 403", async () => {
    const response = await request("/api/v1/peer-mentors?org_id=org_x9y8z7", { token: otherToken });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "Not Authorized" });
  });

  it("on create is 403, and nothing is created", async () => {
    const response = await send(
      "/api/v1/peer-mentors",
      "POST",
      {
        full_name: "Intruder",
        email: "intruder@example.no",
        org_id: "org_x9y8z7",
        certification_expiry_date: "2030-01-01",
      },
      otherToken,
    );
    expect(response.status).toBe(403);
    const mine = await request("/api/v1/peer-mentors?q=intruder", { token: otherToken });
    expect((await mine.json<{ data: unknown[] }>()).data).toEqual([]);
  });
});

describe("v1 authentication", () => {
  it("uses the same 401s as v2", async () => {
    const response = await request("/api/v1/peer-mentors");
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(await response.json()).toEqual({ error: "Unauthorized Access" });
  });
});
