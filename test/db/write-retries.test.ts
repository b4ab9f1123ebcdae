import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { WRITE_ATTEMPTS } from "../../src/db/d1-errors.ts";
import {
  clientRequest,
  D1_NETWORK_LOST,
  D1_OBJECT_RESET,
  faultyBindings,
  fetchWithFaults,
  statementsStarting,
  type Fault,
} from "../support/fault-injection.ts";
import {
  createActiveMentor,
  DEMO_ORGANIZATION,
  loadDemoData,
  send,
  tokenFor,
} from "../support/helpers.ts";
import { hookUrl } from "../support/webhook-helpers.ts";

/*
 * Transient D1 failures on write batches (issue 20 §2, §4): the batch is
 * retried, a bounded number of times, and a failure after the write
 * committed (the ambiguous case) leaves no history row, outbox event,
 * mentor, member or delivery twice.
 */

const MENTORS = "/api/v1/peer-mentors";
let token: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  await send(
    "/api/v1/webhooks",
    "POST",
    { url: hookUrl("retries"), events: ["peer_mentor.status_changed"] },
    token,
  );
});

const fetchWith = (faults: Fault[], path: string, method: string, body?: unknown) =>
  fetchWithFaults(faults, clientRequest(path, { method, token, body }));

const countOf = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .first<{ n: number }>()
  )?.n;

let mentors = 0;
const newMentor = () => createActiveMentor(token, `retry${String(++mentors)}@frivillig.no`);

const mentorUpdate = statementsStarting('update "peer_mentors"');

describe("a status change whose batch fails transiently", () => {
  it.each([
    ["after it committed", "after", D1_NETWORK_LOST],
    ["before it ran", "before", D1_OBJECT_RESET],
  ] as const)("%s: retried, recorded once", async (_name, when, message) => {
    const mentorId = await newMentor();
    const { response, log } = await fetchWith(
      [{ matches: mentorUpdate, when, message, times: 1 }],
      `${MENTORS}/${mentorId}/status`,
      "PATCH",
      { status: "paused" },
    );
    expect(response.status).toBe(200);
    const tries = log.filter((entry) => mentorUpdate(entry.call));
    expect(tries.map((entry) => entry.faulted)).toEqual([true, false]);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM peer_mentor_status_changes WHERE mentor_id = ?",
        mentorId,
      ),
    ).toBe(1);
    expect(
      await countOf("SELECT count(*) AS n FROM webhook_events WHERE mentor_id = ?", mentorId),
    ).toBe(1);
  });

  it(`stops after ${String(WRITE_ATTEMPTS)} attempts and writes nothing`, async () => {
    const mentorId = await newMentor();
    const { response, log } = await fetchWith(
      [{ matches: mentorUpdate, when: "before" }],
      `${MENTORS}/${mentorId}/status`,
      "PATCH",
      { status: "paused" },
    );
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(log.filter((entry) => mentorUpdate(entry.call))).toHaveLength(WRITE_ATTEMPTS);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM peer_mentor_status_changes WHERE mentor_id = ?",
        mentorId,
      ),
    ).toBe(0);
  });

  it("is not retried when the failure is not transient", async () => {
    const mentorId = await newMentor();
    const { log } = await fetchWith(
      [{ matches: mentorUpdate, when: "before", message: "D1_ERROR: no such column: x" }],
      `${MENTORS}/${mentorId}/status`,
      "PATCH",
      { status: "paused" },
    );
    expect(log.filter((entry) => mentorUpdate(entry.call))).toHaveLength(1);
  });
});

describe("a create whose write fails after it committed", () => {
  it("makes one mentor", async () => {
    const matches = statementsStarting('insert into "peer_mentors"');
    const { response, log } = await fetchWith(
      [{ matches, when: "after", times: 1 }],
      MENTORS,
      "POST",
      {
        full_name: "Én Gang",
        email: "once-only@frivillig.no",
        certification_expiry_date: "2030-01-01",
      },
    );
    expect(response.status).toBe(201);
    expect(log.filter((entry) => matches(entry.call))).toHaveLength(2);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM peer_mentors WHERE email = 'once-only@frivillig.no'",
      ),
    ).toBe(1);
  });

  it("makes one roster member, with one listing history entry", async () => {
    const matches = statementsStarting('insert into "users"');
    const { response, log } = await fetchWith(
      [{ matches, when: "after", times: 1 }],
      "/api/v2/organizations/5/peer_supporters",
      "POST",
      { first_name: "Éngang", time_zone: "UTC" },
    );
    expect(response.status).toBe(201);
    expect(log.filter((entry) => matches(entry.call))).toHaveLength(2);
    const { id } = await response.json<{ id: number }>();
    expect(await countOf("SELECT count(*) AS n FROM users WHERE first_name = 'Éngang'")).toBe(1);
    expect(
      await countOf("SELECT count(*) AS n FROM member_listing_changes WHERE member_id = ?", id),
    ).toBe(1);
  });

  it("makes one webhook endpoint", async () => {
    const matches = statementsStarting('insert into "webhook_endpoints"');
    const url = "https://example.org/hooks/retried-create";
    const { response } = await fetchWith(
      [{ matches, when: "after", times: 1 }],
      "/api/v1/webhooks",
      "POST",
      { url, events: ["peer_mentor.status_changed"] },
    );
    expect(response.status).toBe(201);
    expect(await countOf("SELECT count(*) AS n FROM webhook_endpoints WHERE url = ?", url)).toBe(1);
  });
});

describe("a delivery record whose insert fails after it committed", () => {
  it("is one row", async () => {
    const mentorId = await newMentor();
    await send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "paused" }, token);
    const event = await env.DB.prepare(
      `SELECT e.event_id AS eventId, w.webhook_id AS webhookId FROM webhook_events e
        JOIN webhook_endpoints w ON w.organization_id = e.organization_id WHERE e.mentor_id = ?`,
    )
      .bind(mentorId)
      .first<{ eventId: string; webhookId: string }>();
    if (!event) throw new Error("no event");
    const matches = statementsStarting('insert into "webhook_deliveries"');
    const { env: faulty, log } = faultyBindings([{ matches, when: "after", times: 1 }]);
    const batch = createMessageBatch("peer-roster-webhooks", [
      {
        id: "retried-delivery",
        timestamp: new Date(),
        attempts: 1,
        body: { event_id: event.eventId, webhook_id: event.webhookId },
      },
    ]);
    await worker.queue(batch, faulty);
    expect(log.filter((entry) => matches(entry.call))).toHaveLength(2);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM webhook_deliveries WHERE event_id = ? AND attempt = 1",
        event.eventId,
      ),
    ).toBe(1);
  });
});
