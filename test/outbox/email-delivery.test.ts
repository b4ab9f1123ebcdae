import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import {
  createMentor,
  DEMO_ORGANIZATION,
  loadDemoData,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";
import {
  failNextSends,
  saveEnglishSettings,
  sentEmails,
  sentTo,
  SETTINGS_PATH,
  storedEmails,
  waitForEmails,
} from "../support/email-helpers.ts";

/*
 * How emails are delivered: through the real queue (three tries in tests,
 * no wait between them; vitest.config.ts), the real send_email binding with
 * failures injected in front of it, and the dead-letter queue.
 */
const MENTORS = "/api/v1/peer-mentors";
const COORDINATOR = "levering@frivillig.no";
let token: string;

type Delivery = {
  email_id: string;
  kind: string;
  recipients: string[];
  subject: string;
  outcome: string;
  attempts: number;
  error: string | null;
};

async function deliveries() {
  const response = await request(`${SETTINGS_PATH}/deliveries`, { token });
  expect(response.status).toBe(200);
  return (await response.json<{ data: Delivery[] }>()).data;
}

const newMentor = () => createMentor(token, "Levering");

const expire = (mentorId: string) =>
  send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "expired" }, token);

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  await saveEnglishSettings(token, COORDINATOR);
});

describe("email delivery", { timeout: 60_000 }, () => {
  it("retries a failed send and records the attempts", async () => {
    const mentor = await newMentor();
    failNextSends(2);
    expect((await expire(mentor.mentor_id)).status).toBe(200);
    // Two emails, two injected failures: each is sent once in the end.
    await waitForEmails(mentor.email, 1);
    await waitForEmails(COORDINATOR, 1);
    await expect
      .poll(async () => (await deliveries()).map((d) => d.outcome), { timeout: 20_000 })
      .toEqual(["sent", "sent"]);
    const records = await deliveries();
    expect(records.reduce((sum, d) => sum + d.attempts, 0)).toBe(4);
    expect(records.find((d) => d.kind === "mentor_expired")).toMatchObject({
      recipients: [mentor.email],
      subject: "Your peer mentor certification has expired",
    });
    expect(sentTo(mentor.email)).toHaveLength(1);
  });

  it("records a failure past the last retry (dead-letter queue), with the error", async () => {
    const mentor = await newMentor();
    failNextSends(1_000);
    expect((await expire(mentor.mentor_id)).status).toBe(200);
    await expect
      .poll(async () => (await deliveries()).slice(0, 2).map((d) => d.outcome), {
        timeout: 30_000,
      })
      .toEqual(["failed", "failed"]);
    failNextSends(0);
    for (const record of (await deliveries()).slice(0, 2)) {
      expect(record).toMatchObject({
        attempts: 3,
        error: "Error: Email Service unavailable (injected)",
      });
    }
    expect(sentTo(mentor.email)).toEqual([]);
  });

  it("sends nothing again when a batch is redelivered after the send was recorded", async () => {
    const [sent] = await storedEmails("status = 'sent'");
    expect(sent).toBeDefined();
    const before = sentEmails().length;
    const batch = createMessageBatch("peer-roster-webhooks", [
      { id: "redelivered", timestamp: new Date(), attempts: 2, body: { email_id: sent?.email_id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["redelivered"]);
    expect(sentEmails()).toHaveLength(before);
  });

  it("cancels a deleted mentor's pending emails and erases their address from the records", async () => {
    const sentBefore = await newMentor();
    expect((await expire(sentBefore.mentor_id)).status).toBe(200);
    await waitForEmails(sentBefore.email, 1);

    const pending = await newMentor();
    // Every send fails for now, so its emails stay pending between retries.
    failNextSends(1_000);
    expect((await expire(pending.mentor_id)).status).toBe(200);
    for (const mentor of [sentBefore, pending]) {
      const response = await request(`${MENTORS}/${mentor.mentor_id}`, { method: "DELETE", token });
      expect(response.status).toBe(200);
    }
    failNextSends(0);

    const records = await deliveries();
    const text = JSON.stringify(records);
    expect(text).not.toContain(sentBefore.email);
    expect(text).not.toContain(pending.email);
    const cancelled = records.filter((d) => d.outcome === "cancelled");
    // The pending mentor's own notice, and the coordinators' that listed only them.
    expect(cancelled.map((d) => d.kind).sort()).toEqual(["coordinator_expired", "mentor_expired"]);
    expect(cancelled.find((d) => d.kind === "mentor_expired")?.recipients).toEqual([]);
    const stored = JSON.stringify(await storedEmails());
    expect(stored).not.toContain(pending.mentor_id);
    expect(stored).not.toContain(sentBefore.mentor_id);

    // The queued retries find them cancelled: nothing reaches the deleted mentor.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(sentTo(pending.email)).toEqual([]);
  });
});
