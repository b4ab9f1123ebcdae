import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createMentor,
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";
import { createDatabase } from "../../src/db/client.ts";
import { applyMentorChange } from "../../src/peer-mentors/writes/mentor-changes.ts";
import { findMentor } from "../../src/peer-mentors/queries.ts";
import { saveMentorChange } from "../../src/peer-mentors/writes/save-mentor-change.ts";
import { retryDelaySeconds } from "../../src/outbox/consumer.ts";
import {
  failNext,
  runCron,
  receivedAt,
  subscribe,
  waitForDeliveries,
  WEBHOOKS,
  type EventBody,
} from "../support/webhook-helpers.ts";

const MENTORS = "/api/v1/peer-mentors";
let token: string;
let otherToken: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  otherToken = await tokenFor(OTHER_ORGANIZATION);
});

const newMentor = async (orgToken = token) => (await createMentor(orgToken, "Webhook")).mentor_id;

type Delivery = { attempt: number; outcome: string; response_status: number | null };

/** The endpoint's delivery attempts, newest first, as GET …/deliveries answers them. */
async function deliveriesOf(webhookId: string) {
  const response = await request(`${WEBHOOKS}/${webhookId}/deliveries`, { token });
  return (await response.json<{ data: Delivery[] }>()).data;
}

const pause = (mentorId: string, reason: string | null = null, orgToken = token) =>
  send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "paused", reason }, orgToken);

describe("subscriptions", { timeout: 30_000 }, () => {
  it("creates an endpoint with its secret once, lists it without, and deletes it", async () => {
    const created = await send(
      WEBHOOKS,
      "POST",
      { url: "https://example.org/hooks", events: ["peer_mentor.status_changed"] },
      token,
    );
    expect(created.status).toBe(201);
    const endpoint = await created.json<{ webhook_id: string; secret: string }>();
    expect(endpoint).toMatchObject({
      webhook_id: expect.stringMatching(/^whk_/) as unknown,
      url: "https://example.org/hooks",
      events: ["peer_mentor.status_changed"],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/) as unknown,
    });
    const listed = await (await request(WEBHOOKS, { token })).text();
    expect(listed).toContain(endpoint.webhook_id);
    expect(listed).not.toContain(endpoint.secret);
    const path = `${WEBHOOKS}/${endpoint.webhook_id}`;
    expect((await request(path, { method: "DELETE", token })).status).toBe(200);
    expect((await request(path, { method: "DELETE", token })).status).toBe(404);
    expect((await request(`${path}/deliveries`, { token })).status).toBe(404);
  });

  it.each([
    ["a plain http URL elsewhere", { url: "http://example.org/hooks" }, "url"],
    ["another scheme", { url: "ftp://example.org/hooks" }, "url"],
    ["not a URL", { url: "hooks" }, "url"],
    ["credentials in the URL", { url: "https://user:pw@example.org/" }, "url"],
    ["an unknown event type", { events: ["peer_mentor.created"] }, "events[0]"],
    ["no event types", { events: [] }, "events"],
    ["an unknown field", { secret: "mine" }, "secret"],
  ])("answers %s with a 400 naming the field", async (_case, change, field) => {
    const body = {
      url: "https://example.org/hooks",
      events: ["peer_mentor.status_changed"],
      ...change,
    };
    const response = await send(WEBHOOKS, "POST", body, token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ details: [{ field }] });
  });

  it("takes plain http to 127.0.0.1 only where WEBHOOKS_ALLOW_LOCAL_HTTP is true", async () => {
    const { default: worker } = await import("../../src/index.ts");
    const { createExecutionContext } = await import("cloudflare:test");
    const post = (allow: string) =>
      worker.fetch(
        new Request(`https://peer-roster.test${WEBHOOKS}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${otherToken}`, "Content-Type": "application/json" },
          body: JSON.stringify({
            url: "http://127.0.0.1:9/x",
            events: ["peer_mentor.status_changed"],
          }),
        }),
        { ...env, WEBHOOKS_ALLOW_LOCAL_HTTP: allow },
        createExecutionContext(),
      );
    expect((await post("false")).status).toBe(400);
    const allowed = await post("true");
    expect(allowed.status).toBe(201);
    const { webhook_id } = await allowed.json<{ webhook_id: string }>();
    await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token: otherToken });
  });

  it("allows at most 10 endpoints per organization", async () => {
    const limited = await tokenFor({ id: 7, publicId: "org_limit7" });
    const { loadDataset } = await import("../support/helpers.ts");
    await loadDataset({ organizations: [{ id: 7, public_id: "org_limit7", name: "Limit" }] });
    const body = { url: "https://example.org/hooks", events: ["peer_mentor.status_changed"] };
    for (let i = 0; i < 10; i++)
      expect((await send(WEBHOOKS, "POST", body, limited)).status).toBe(201);
    const eleventh = await send(WEBHOOKS, "POST", body, limited);
    expect(eleventh.status).toBe(400);
    expect(JSON.stringify(await eleventh.json())).toMatch(/10 endpoints/);
  });

  it("keeps organizations apart: endpoints, deliveries and events", async () => {
    const mine = await subscribe(token, "isolation-5");
    const theirs = await subscribe(otherToken, "isolation-6");
    const other = `${WEBHOOKS}/${mine.webhook_id}`;
    expect((await request(other, { method: "DELETE", token: otherToken })).status).toBe(404);
    expect((await request(`${other}/deliveries`, { token: otherToken })).status).toBe(404);
    expect(await (await request(WEBHOOKS, { token: otherToken })).text()).not.toContain(
      mine.webhook_id,
    );
    // A change in organization 6 reaches 6's endpoint only.
    await pause(await newMentor(otherToken), null, otherToken);
    await waitForDeliveries("isolation-6", 1);
    expect(await receivedAt("isolation-5")).toEqual([]);
    await request(`${WEBHOOKS}/${theirs.webhook_id}`, { method: "DELETE", token: otherToken });
    await request(other, { method: "DELETE", token });
  });
});

describe("peer_mentor.status_changed", { timeout: 30_000 }, () => {
  it("arrives signed, as Standard Webhooks verify it, with the change and its reason", async () => {
    const { webhook_id, secret } = await subscribe(token, "status-api");
    const mentorId = await newMentor();
    expect((await pause(mentorId, "Permisjon")).status).toBe(200);
    const [delivery] = await waitForDeliveries("status-api", 1);
    const headers = delivery?.headers as Record<string, string>;
    const event = new Webhook(secret).verify(delivery?.body ?? "", headers) as EventBody;
    expect(event).toMatchObject({
      id: headers["webhook-id"],
      type: "peer_mentor.status_changed",
      data: {
        mentor_id: mentorId,
        org_id: "org_x9y8z7",
        from_status: "active",
        to_status: "paused",
        source: "api",
        reason: "Permisjon",
      },
    });
    expect(() =>
      new Webhook(`whsec_${btoa("another secret, 32 bytes long....")}`).verify(
        delivery?.body ?? "",
        headers,
      ),
    ).toThrow();
    expect(await deliveriesOf(webhook_id)).toEqual([
      expect.objectContaining({
        event_id: event.id,
        attempt: 1,
        outcome: "delivered",
        response_status: 204,
      }),
    ]);
    await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token });
  });

  it("is retried while the endpoint is down, and arrives once it is back", async () => {
    const { webhook_id } = await subscribe(token, "flaky");
    await failNext("flaky", 2);
    await pause(await newMentor());
    const [delivery] = await waitForDeliveries("flaky", 1);
    expect(delivery?.headers["webhook-id"]).toBeDefined();
    const data = await deliveriesOf(webhook_id);
    expect(data.map((d) => [d.attempt, d.outcome, d.response_status])).toEqual([
      [3, "delivered", 204],
      [2, "retrying", 503],
      [1, "retrying", 503],
    ]);
    await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token });
  });

  it("lands in the dead-letter queue past the last retry, recorded as failed", async () => {
    const { webhook_id } = await subscribe(token, "down");
    await failNext("down", 100);
    await pause(await newMentor());
    await expect
      .poll(async () => (await deliveriesOf(webhook_id))[0]?.outcome, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe("failed");
    expect(await receivedAt("down")).toEqual([]);
    await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token });
  });

  it("is handed to the queue by the next cron when its enqueue failed after the commit", async () => {
    await subscribe(token, "stranded");
    // A committed change whose enqueue never happened: its outbox row, written as the API writes it.
    const mentorId = await newMentor();
    const db = createDatabase(env.DB);
    const before = await findMentor(db, DEMO_ORGANIZATION.id, mentorId);
    if (!before) throw new Error("no mentor");
    const after = applyMentorChange(
      before,
      { isPaused: true },
      { now: new Date(), warningDays: 60 },
    );
    if (!after) throw new Error("no change");
    const saved = await saveMentorChange(db, before, after, {
      reason: null,
      actor: { kind: "api_key", id: "tok_test", name: "test" },
    });
    if (!saved.saved) throw new Error("not saved");
    const [eventId] = saved.pending.eventIds;
    // The next hourly run, over five minutes later.
    await runCron(new Date(Date.now() + 10 * 60_000));
    await expect
      .poll(async () => (await receivedAt("stranded")).map((d) => d.headers["webhook-id"]), {
        timeout: 20_000,
        interval: 200,
      })
      .toContain(eventId);
  });

  it("waits longer before each retry: the base, doubling, at most six hours", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, 60))).toEqual([
      60, 120, 240, 480,
    ]);
    expect(retryDelaySeconds(12, 60)).toBe(6 * 3600);
  });

  it("is erased with its mentor before it is delivered", async () => {
    const { webhook_id } = await subscribe(token, "erased");
    await failNext("erased", 100);
    const mentorId = await newMentor();
    await pause(mentorId);
    expect((await request(`${MENTORS}/${mentorId}`, { method: "DELETE", token })).status).toBe(200);
    const left = await env.DB.prepare(
      "SELECT count(*) AS n FROM webhook_events WHERE mentor_id = ?",
    )
      .bind(mentorId)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token });
  });

  it("stops reaching an endpoint once it is deleted, queued retries included", async () => {
    const { webhook_id } = await subscribe(token, "unsubscribed");
    await failNext("unsubscribed", 100);
    await pause(await newMentor());
    await expect
      .poll(async () => (await deliveriesOf(webhook_id)).length, { timeout: 20_000, interval: 100 })
      .toBeGreaterThan(0);
    // Deleted while its event waits for a retry, and the receiver is up again.
    await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token });
    await failNext("unsubscribed", 0);
    const { webhook_id: witness } = await subscribe(token, "still-subscribed");
    await pause(await newMentor());
    await waitForDeliveries("still-subscribed", 1);
    // Longer than the remaining retries take here (no delay, two retries).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await receivedAt("unsubscribed")).toEqual([]);
    await request(`${WEBHOOKS}/${witness}`, { method: "DELETE", token });
  });
});
