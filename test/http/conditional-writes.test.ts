import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData, request, tokenFor } from "../support/helpers.ts";

/* ETag on every single-record read and write, and If-Match on PUT, PATCH and DELETE (issue 20 §1). */

const MENTORS = "/api/v1/peer-mentors";
const ROSTER = "/api/v2/organizations/5/peer_supporters";
let token: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
});

function write(path: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  return request(path, {
    method,
    token,
    headers: { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function etagOf(path: string) {
  const response = await request(path, { token });
  expect(response.status).toBe(200);
  const tag = response.headers.get("ETag");
  if (!tag) throw new Error(`${path} answered no ETag`);
  return tag;
}

async function newMentor(email: string) {
  const response = await write(MENTORS, "POST", {
    full_name: "Betinget Mentor",
    email,
    certification_expiry_date: "2030-01-01",
  });
  expect(response.status).toBe(201);
  const { mentor_id } = await response.json<{ mentor_id: string }>();
  return { path: `${MENTORS}/${mentor_id}`, created: response };
}

describe("mentors", () => {
  it("answer the record's ETag on POST and on every write, the one GET gives", async () => {
    const { path, created } = await newMentor("etag@frivillig.no");
    expect(created.headers.get("Location")).toBe(path);
    expect(created.headers.get("ETag")).toBe(await etagOf(path));
    for (const [suffix, method, body] of [
      ["", "PUT", { full_name: "Ny Etag" }],
      ["/status", "PATCH", { status: "paused" }],
      ["/certification-expiry", "PATCH", { expiry_date: "2031-01-01" }],
    ] as const) {
      const response = await write(`${path}${suffix}`, method, body);
      expect(response.status).toBe(200);
      expect(response.headers.get("ETag"), `${method} ${suffix}`).toBe(await etagOf(path));
    }
  });

  it("refuse a write whose If-Match is stale (412, nothing changed), and take a current one", async () => {
    const { path } = await newMentor("stale@frivillig.no");
    const stale = await etagOf(path);
    expect((await write(path, "PUT", { full_name: "Først" })).status).toBe(200);
    const refused = await write(path, "PUT", { full_name: "Etter" }, { "If-Match": stale });
    expect(refused.status).toBe(412);
    expect((await refused.json<{ error: string }>()).error).toContain("If-Match");
    const weak = await write(path, "PUT", { full_name: "Svak" }, { "If-Match": `W/${stale}` });
    expect(weak.status).toBe(412);
    expect(
      (await write(`${path}/status`, "PATCH", { status: "paused" }, { "If-Match": stale })).status,
    ).toBe(412);
    expect((await write(path, "DELETE", undefined, { "If-Match": stale })).status).toBe(412);
    expect(await (await request(path, { token })).json()).toMatchObject({
      full_name: "Først",
      is_paused: false,
    });
    const current = await etagOf(path);
    const taken = await write(
      path,
      "PUT",
      { full_name: "Etter" },
      { "If-Match": `"x", ${current}` },
    );
    expect(taken.status).toBe(200);
    expect((await write(path, "PUT", { full_name: "Stjerne" }, { "If-Match": "*" })).status).toBe(
      200,
    );
    expect(
      (await write(path, "DELETE", undefined, { "If-Match": await etagOf(path) })).status,
    ).toBe(200);
    expect((await write(path, "DELETE", undefined, { "If-Match": "*" })).status).toBe(404);
  });

  it("let exactly one of concurrent conditional PATCHes win", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const { path } = await newMentor(`one-wins-${String(trial)}@frivillig.no`);
      const tag = await etagOf(path);
      const answers = await Promise.all([
        write(`${path}/status`, "PATCH", { status: "paused" }, { "If-Match": tag }),
        write(path, "PUT", { full_name: "Vinner" }, { "If-Match": tag }),
        write(
          `${path}/certification-expiry`,
          "PATCH",
          { expiry_date: "2032-01-01" },
          { "If-Match": tag },
        ),
        write(`${path}/status`, "PATCH", { status: "expired" }, { "If-Match": tag }),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412]);
    }
  });
});

describe("roster members", () => {
  it("answer ETags and refuse a stale If-Match on PATCH and DELETE", async () => {
    const created = await write(ROSTER, "POST", { first_name: "Betinget", time_zone: "UTC" });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: number }>();
    const path = `${ROSTER}/${String(id)}`;
    expect(created.headers.get("Location")).toBe(path);
    expect(created.headers.get("ETag")).toBe(await etagOf(path));
    const stale = await etagOf(path);
    const changed = await write(path, "PATCH", { bio: "Ny bio" });
    expect(changed.headers.get("ETag")).toBe(await etagOf(path));
    expect((await write(path, "PATCH", { bio: "Gammel" }, { "If-Match": stale })).status).toBe(412);
    expect((await write(path, "DELETE", undefined, { "If-Match": stale })).status).toBe(412);
    expect(await (await request(path, { token })).json()).toMatchObject({ bio: "Ny bio" });
    const current = await etagOf(path);
    const answers = await Promise.all([
      write(path, "PATCH", { bio: "A" }, { "If-Match": current }),
      write(path, "PATCH", { listed: false }, { "If-Match": current }),
      write(path, "PATCH", { topics: ["Sorg"] }, { "If-Match": current }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412]);
    expect(
      (await write(path, "DELETE", undefined, { "If-Match": await etagOf(path) })).status,
    ).toBe(200);
  });
});

describe("webhook endpoints", () => {
  it("answer their ETag on POST and GET, and refuse a DELETE with another", async () => {
    const created = await write("/api/v1/webhooks", "POST", {
      url: "https://example.org/hooks/etag",
      events: ["peer_mentor.status_changed"],
    });
    expect(created.status).toBe(201);
    const { webhook_id } = await created.json<{ webhook_id: string }>();
    const path = `/api/v1/webhooks/${webhook_id}`;
    expect(created.headers.get("ETag")).toBe(await etagOf(path));
    expect((await write(path, "DELETE", undefined, { "If-Match": '"other"' })).status).toBe(412);
    expect(
      (await write(path, "DELETE", undefined, { "If-Match": await etagOf(path) })).status,
    ).toBe(200);
  });
});
