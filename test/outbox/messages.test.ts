import { createScheduledController } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { OUTBOX_CHANNELS } from "../../src/outbox/channels.ts";
import { saveEnglishSettings } from "../support/email-helpers.ts";
import {
  clientRequest,
  faultyBindings,
  fetchWithFaults,
  QUEUE_SEND_FAILED,
  queueSends,
  type Fault,
  type FaultLog,
} from "../support/fault-injection.ts";
import { createMentor, DEMO_ORGANIZATION, loadDemoData, tokenFor } from "../support/helpers.ts";
import { subscribe } from "../support/webhook-helpers.ts";

/*
 * Every queue message has one writer per path: the API's write (targets from
 * its own batch), the cron's hand-on (looked up in SQL) and the sweep's
 * resend (built from the stalled row). Each must parse, strictly, with
 * exactly one channel's schema, the one the consumer knows it by.
 */
const MENTORS = "/api/v1/peer-mentors";
// Past the sweep's grace (15 minutes) for a delivery with no attempt yet.
const LATER_MS = 20 * 60_000;
let token: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  await saveEnglishSettings(token, "outbox@frivillig.no");
  await subscribe(token, "outbox-messages");
});

const lostOnTheWay: Fault = { matches: queueSends, when: "drop" };
const sendFails: Fault = { matches: queueSends, when: "before", message: QUEUE_SEND_FAILED };

/** The bodies of the messages the Worker put on (or tried to put on) the outbox queue. */
const enqueued = (log: FaultLog) =>
  log.flatMap(({ call }) => (call.binding === "OUTBOX_QUEUE" ? call.messages : []));

/** The channels whose message schema `body` fits. */
const channelsOf = (body: unknown) =>
  OUTBOX_CHANNELS.filter((channel) => channel.message.safeParse(body).success).map(
    (channel) => channel.name,
  );

/** Expires a new mentor through the API with `fault` in the queue binding; its messages. */
async function expireWith(fault: Fault) {
  const { mentor_id } = await createMentor(token, "Outbox");
  const { response, log } = await fetchWithFaults(
    [fault],
    clientRequest(`${MENTORS}/${mentor_id}/status`, {
      method: "PATCH",
      token,
      body: { status: "expired" },
    }),
  );
  expect(response.status).toBe(200);
  return enqueued(log);
}

describe("outbox queue messages", { timeout: 60_000 }, () => {
  it("parse with one channel's schema each, from the API, the cron's hand-on and the sweep", async () => {
    // One write's messages lost on the queue (the sweep resends them), one's send failed (the cron hands them on).
    const written = [...(await expireWith(lostOnTheWay)), ...(await expireWith(sendFails))];
    const { env: recording, log } = faultyBindings([]);
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now() + LATER_MS, cron: "0 * * * *" }),
      recording,
    );
    const swept = enqueued(log);
    for (const messages of [written, swept]) {
      expect(messages.map(channelsOf).filter((names) => names.length !== 1)).toEqual([]);
      expect(new Set(messages.flatMap(channelsOf))).toEqual(new Set(["webhook", "email"]));
    }
    // The sweep's resend of a webhook delivery counts its attempts on.
    expect(swept).toContainEqual(expect.objectContaining({ attempts_before: 0 }));
  });
});
