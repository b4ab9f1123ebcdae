import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { createToken } from "../../src/auth/tokens.ts";
import { DEMO_ORGANIZATION, loadDemoDataWithToken } from "../support/helpers.ts";
import { newRecording, recordingBindings, type Recording } from "../support/recording-bindings.ts";

type Counts = Omit<Recording, "statements">;

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

/** What one request costs; it authenticates with the secret token unless the path carries a key. */
async function costOf(path: string, init: RequestInit = {}): Promise<Counts & { status: number }> {
  const recording = newRecording();
  const headers = new Headers(init.headers);
  if (!path.includes("key=")) headers.set("Authorization", `Bearer ${token}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://peer-roster.test${path}`, { ...init, headers }),
    recordingBindings(recording),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { d1: recording.d1, kv: recording.kv, status: response.status };
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  body: JSON.stringify(body),
});
const MENTORS = "/api/v1/peer-mentors";

describe("the query budget: reads 1 D1 round trip, writes 2, and at most 1 KV read", () => {
  it.each([
    ["the v2 roster", "/api/v2/organizations/5/peer_supporters"],
    ["a v2 search", "/api/v2/organizations/5/peer_supporters?q=%C3%B8yvind&page=2"],
    ["the v1 list", `${MENTORS}?status=warning,active&q=frivillig`],
    ["one v1 mentor", `${MENTORS}/mentor_a1b2c3`],
    ["a status history", `${MENTORS}/mentor_a1b2c3/status-history`],
  ])("%s", async (_name, path) => {
    const cost = await costOf(path);
    expect(cost.status).toBe(200);
    expect(cost.d1).toBe(1);
    expect(cost.kv).toBeLessThanOrEqual(1);
  });

  it.each([
    ["a v2 topic filter: the organization's spellings, then the roster", 2, "topic=PTSD"],
    ["a v2 availability filter", 1, "available=true&q=ja"],
  ])("%s", async (_name, roundTrips, query) => {
    const cost = await costOf(`/api/v2/organizations/5/peer_supporters?${query}`);
    expect(cost.status).toBe(200);
    expect(cost.d1).toBe(roundTrips);
  });

  it("the topics route: one round trip, two when a topic is spelled two ways", async () => {
    const cost = await costOf("/api/v2/organizations/5/topics");
    expect(cost).toMatchObject({ status: 200, d1: 1 });
  });

  it("each write", async () => {
    const created = await costOf(
      MENTORS,
      json("POST", {
        full_name: "Budsjett",
        email: "budsjett@frivillig.no",
        certification_expiry_date: "2030-01-01",
      }),
    );
    expect(created).toMatchObject({ status: 201 });
    expect(created.d1).toBeLessThanOrEqual(2);
    expect(created.kv).toBeLessThanOrEqual(1);

    const writes: [string, RequestInit][] = [
      [`${MENTORS}/mentor_d4e5f6`, json("PUT", { full_name: "Ole Hansen-Budsjett" })],
      [`${MENTORS}/mentor_d4e5f6/status`, json("PATCH", { status: "paused" })],
      [
        `${MENTORS}/mentor_d4e5f6/certification-expiry`,
        json("PATCH", { expiry_date: "2031-01-01" }),
      ],
      [`${MENTORS}/mentor_d4e5f6`, { method: "DELETE" }],
    ];
    for (const [path, init] of writes) {
      const cost = await costOf(path, init);
      expect(cost.status, `${init.method ?? ""} ${path}`).toBe(200);
      expect(cost.d1, `${init.method ?? ""} ${path}`).toBeGreaterThan(0);
      expect(cost.d1, `${init.method ?? ""} ${path}`).toBeLessThanOrEqual(2);
      expect(cost.kv, `${init.method ?? ""} ${path}`).toBeLessThanOrEqual(1);
    }
  });

  it("a status change with a webhook subscribed: one more, after the response", async () => {
    const subscribed = await costOf(
      "/api/v1/webhooks",
      json("POST", { url: "https://example.org/hooks", events: ["peer_mentor.status_changed"] }),
    );
    expect(subscribed.status).toBe(201);
    // Find, then one batch (write, history, event, its targets); after it, mark it enqueued.
    const cost = await costOf(
      `${MENTORS}/mentor_a1b2c3/status`,
      json("PATCH", { status: "paused" }),
    );
    expect(cost).toMatchObject({ status: 200, d1: 3 });
  });

  it("an Idempotency-Key costs a round trip to claim it and one to keep the answer; a replay only the claim", async () => {
    const body = json("POST", {
      full_name: "Budsjett Nøkkel",
      email: "nokkel@frivillig.no",
      certification_expiry_date: "2030-01-01",
    });
    const keyed = { ...body, headers: { "Idempotency-Key": "budget-key-1" } };
    expect(await costOf(MENTORS, keyed)).toMatchObject({ status: 201, d1: 3 });
    expect(await costOf(MENTORS, keyed)).toMatchObject({ status: 201, d1: 1 });
  });

  it("needs no KV read for a token this isolate resolved moments ago", async () => {
    await costOf(`${MENTORS}/mentor_a1b2c3`);
    expect((await costOf(`${MENTORS}/mentor_a1b2c3`)).kv).toBe(0);
  });

  it("each management write of the v2 roster: one batch, one round trip (a POST two)", async () => {
    const roster = "/api/v2/organizations/5/peer_supporters";
    const created = await costOf(
      roster,
      json("POST", { first_name: "Budsjett", time_zone: "UTC", mentor_id: "mentor_g7h8i9" }),
    );
    // The ids are given out before the batch that writes with them, so a retried batch adds nobody twice.
    expect(created).toMatchObject({ status: 201, d1: 2 });
    const writes: [string, RequestInit][] = [
      [`${roster}/813`, json("PATCH", { listed: false, first_name: "Sam", topics: ["Sorg"] })],
      ["/api/v2/organizations/5/public-roster-settings", json("PUT", { show_motivation: false })],
      [`${roster}/813`, { method: "DELETE" }],
    ];
    for (const [path, init] of writes) {
      expect(await costOf(path, init), `${init.method ?? ""} ${path}`).toMatchObject({
        status: 200,
        d1: 1,
      });
    }
  });

  it("costs no D1 round trip and no KV read for a repeated public roster read", async () => {
    const { token: key } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "website", {
      kind: "publishable",
    });
    const path = `/api/v2/organizations/5/peer_supporters?key=${key}&q=a&items=3`;
    const first = await costOf(path);
    expect(first).toMatchObject({ status: 200, d1: 1, kv: 1 });
    expect(await costOf(path)).toEqual({ status: 200, d1: 0, kv: 0 });
  });
});
