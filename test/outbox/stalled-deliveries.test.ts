import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { isoSeconds } from "../../src/lib/time.ts";
import {
  saveEnglishSettings,
  sentTo,
  storedEmails,
  waitForEmails,
} from "../support/email-helpers.ts";
import {
  clientRequest,
  fetchWithFaults,
  QUEUE_SEND_FAILED,
  queueSends,
  type Fault,
} from "../support/fault-injection.ts";
import { createMentor, DEMO_ORGANIZATION, loadDemoData, tokenFor } from "../support/helpers.ts";
import { receivedAt, runCron, subscribe, waitForDeliveries } from "../support/webhook-helpers.ts";

/*
 * Nothing lost with the queue: a failed queue.send, a message the queue
 * lost, and a retry that never came are all sent again by the hourly cron
 * (src/outbox/sweep.ts), once, through the real queue to
 * the real receiver and the real email binding.
 */
const MENTORS = "/api/v1/peer-mentors";
const COORDINATOR = "sweep@frivillig.no";
// Past the sweep's grace (15 minutes) for a delivery with no attempt yet.
const LATER_MS = 20 * 60_000;
let token: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  await saveEnglishSettings(token, COORDINATOR);
});

const newMentor = () => createMentor(token, "Sweep");

/** A status change through the Worker with `faults` in its queue binding; waits for its enqueue. */
async function changeStatusWith(mentorId: string, status: string, faults: Fault[]) {
  const { response, log } = await fetchWithFaults(
    faults,
    clientRequest(`${MENTORS}/${mentorId}/status`, { method: "PATCH", token, body: { status } }),
  );
  expect(response.status).toBe(200);
  expect(log.some((entry) => entry.faulted)).toBe(true);
}

const lostOnTheWay: Fault = { matches: queueSends, when: "drop" };
const sendFails: Fault = { matches: queueSends, when: "before", message: QUEUE_SEND_FAILED };
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

async function eventOf(mentorId: string) {
  const row = await env.DB.prepare("SELECT event_id FROM webhook_events WHERE mentor_id = ?")
    .bind(mentorId)
    .first<{ event_id: string }>();
  if (!row) throw new Error(`no event for ${mentorId}`);
  return row.event_id;
}

async function deliveryRows(webhookId: string) {
  const { results } = await env.DB.prepare(
    "SELECT event_id, attempt, outcome, error FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id",
  )
    .bind(webhookId)
    .all<{ event_id: string; attempt: number; outcome: string; error: string | null }>();
  return results;
}

describe("webhook deliveries the queue did not carry", { timeout: 60_000 }, () => {
  it("are handed on by the cron when queue.send failed", async () => {
    await subscribe(token, "sweep-send-failed");
    const mentor = await newMentor();
    await changeStatusWith(mentor.mentor_id, "paused", [sendFails]);
    await settle();
    expect(await receivedAt("sweep-send-failed")).toEqual([]);
    await runCron(new Date(Date.now() + LATER_MS));
    const [delivered] = await waitForDeliveries("sweep-send-failed", 1);
    expect(JSON.parse(delivered?.body ?? "null")).toMatchObject({
      type: "peer_mentor.status_changed",
    });
  });

  it("are sent again, once, when the queue lost the message", async () => {
    const { webhook_id } = await subscribe(token, "sweep-lost");
    const mentor = await newMentor();
    await changeStatusWith(mentor.mentor_id, "paused", [lostOnTheWay]);
    const eventId = await eventOf(mentor.mentor_id);
    // The cron runs in the future here, so earlier tests' events reach this endpoint too: count this one's.
    const received = async () =>
      (await receivedAt("sweep-lost")).filter((d) => d.headers["webhook-id"] === eventId);
    await settle();
    expect(await received()).toEqual([]);
    // Within the grace the message may still be on its way: nothing is sent again.
    await runCron(new Date(Date.now() + 60_000));
    await settle();
    expect(await received()).toEqual([]);
    await runCron(new Date(Date.now() + LATER_MS));
    await expect.poll(async () => (await received()).length, { timeout: 20_000 }).toBe(1);
    // Delivered and recorded so: a later run leaves it alone.
    const outcomes = async () =>
      (await deliveryRows(webhook_id))
        .filter((row) => row.event_id === eventId)
        .map((row) => row.outcome);
    await expect.poll(outcomes).toEqual(["delivered"]);
    await runCron(new Date(Date.now() + 2 * LATER_MS));
    await settle();
    expect(await received()).toHaveLength(1);
    expect(await outcomes()).toEqual(["delivered"]);
  });

  it("are sent again when a retry never came, and recorded failed past the queue's attempts", async () => {
    const { webhook_id } = await subscribe(token, "sweep-retry");
    const first = await newMentor();
    const second = await newMentor();
    await changeStatusWith(first.mentor_id, "paused", [lostOnTheWay]);
    await changeStatusWith(second.mentor_id, "paused", [lostOnTheWay]);
    const retried = await eventOf(first.mentor_id);
    const exhausted = await eventOf(second.mentor_id);
    // The first tried once and its retry never came; the second tried as often as the queue would.
    const attemptedAt = isoSeconds(new Date(Date.now() - 60_000));
    const insert = env.DB.prepare(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, attempt, outcome, response_status, attempted_at)
       VALUES (?, ?, 'peer_mentor.status_changed', ?, 'retrying', 503, ?)`,
    );
    await env.DB.batch([
      insert.bind(webhook_id, retried, 1, attemptedAt),
      ...Array.from({ length: 13 }, (_, i) =>
        insert.bind(webhook_id, exhausted, i + 1, attemptedAt),
      ),
    ]);
    await runCron(new Date(Date.now() + LATER_MS));
    const ours = async () =>
      (await receivedAt("sweep-retry"))
        .map((d) => d.headers["webhook-id"])
        .filter((id) => id === retried || id === exhausted);
    await expect.poll(ours, { timeout: 20_000 }).toEqual([retried]);
    await settle();
    expect(await ours()).toEqual([retried]);
    const rows = await deliveryRows(webhook_id);
    expect(rows.filter((row) => row.event_id === exhausted).at(-1)).toMatchObject({
      outcome: "failed",
      attempt: 13,
      error: "no 2xx answer after the last retry",
    });
    // Sent again after one attempt: its record is the second attempt, not a second "first".
    expect(rows.filter((row) => row.event_id === retried).at(-1)).toMatchObject({
      outcome: "delivered",
      attempt: 2,
    });
  });
});

describe("emails the queue did not carry", { timeout: 60_000 }, () => {
  it("are sent again, once, when the queue lost the message", async () => {
    const mentor = await newMentor();
    await changeStatusWith(mentor.mentor_id, "expired", [lostOnTheWay]);
    await settle();
    expect(sentTo(mentor.email)).toEqual([]);
    await runCron(new Date(Date.now() + LATER_MS));
    await waitForEmails(mentor.email, 1);
    await expect
      .poll(async () => (await storedEmails("mentor_id = ?", mentor.mentor_id))[0]?.status)
      .toBe("sent");
    await runCron(new Date(Date.now() + 2 * LATER_MS));
    await settle();
    expect(sentTo(mentor.email)).toHaveLength(1);
    const [stored] = await storedEmails("mentor_id = ?", mentor.mentor_id);
    expect(stored).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("are reached behind a backlog of more pending emails than one run reads", async () => {
    const mentor = await newMentor();
    await changeStatusWith(mentor.mentor_id, "expired", [lostOnTheWay]);
    const lost = await env.DB.prepare(
      "SELECT email_id, enqueued_at FROM emails WHERE mentor_id = ? AND enqueued_at IS NOT NULL",
    )
      .bind(mentor.mentor_id)
      .first<{ email_id: string; enqueued_at: string }>();
    if (!lost) throw new Error("the lost email was not enqueued");
    const sweptAt = new Date(Date.now() + LATER_MS);
    // 1,200 pending emails enqueued just before it, each on the queue's own schedule (moved at the
    // sweep's instant), so none is overdue: the sweep must look past them all to find the lost one.
    const backlog = 1_200;
    const copy = await env.DB.prepare(
      `INSERT INTO emails (email_id, organization_id, kind, mentor_id, recipients, language, subject,
         data, status, attempts, created_at, enqueued_at, updated_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
       SELECT 'backlog_' || i, organization_id, kind, NULL, '["backlog@frivillig.no"]', language,
         subject, data, 'pending', 1, created_at, ?3, ?4
       FROM emails, n WHERE email_id = ?1`,
    )
      .bind(
        lost.email_id,
        backlog,
        isoSeconds(new Date(Date.parse(lost.enqueued_at) - 60_000)),
        isoSeconds(sweptAt),
      )
      .run();
    expect(copy.meta.changes).toBe(backlog);
    try {
      await runCron(sweptAt);
      await waitForEmails(mentor.email, 1);
      expect(sentTo("backlog@frivillig.no")).toEqual([]);
    } finally {
      await env.DB.prepare("DELETE FROM emails WHERE email_id GLOB 'backlog_*'").run();
    }
  });
});

describe("delivery records", { timeout: 60_000 }, () => {
  it("are kept while the sweep looks at them, past each endpoint's last hundred", async () => {
    const { webhook_id } = await subscribe(token, "sweep-prune");
    const mentor = await newMentor();
    await changeStatusWith(mentor.mentor_id, "paused", [lostOnTheWay]);
    const eventId = await eventOf(mentor.mentor_id);
    const insert = env.DB.prepare(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, attempt, outcome, response_status, attempted_at)
       VALUES (?, ?, 'peer_mentor.status_changed', ?, 'delivered', 200, ?)`,
    );
    const hourAgo = isoSeconds(new Date(Date.now() - 3_600_000));
    await env.DB.batch(
      Array.from({ length: 110 }, (_, i) => insert.bind(webhook_id, eventId, i + 1, hourAgo)),
    );
    await runCron(new Date());
    expect(await deliveryRows(webhook_id)).toHaveLength(110);
    await env.DB.prepare("UPDATE webhook_deliveries SET attempted_at = ? WHERE webhook_id = ?")
      .bind(isoSeconds(new Date(Date.now() - 10 * 86_400_000)), webhook_id)
      .run();
    await runCron(new Date());
    expect(await deliveryRows(webhook_id)).toHaveLength(100);
  });
});
