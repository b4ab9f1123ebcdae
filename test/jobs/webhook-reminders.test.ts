import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDataset, send, tokenFor } from "../support/helpers.ts";
import {
  runCron,
  subscribe,
  waitForDeliveries,
  type EventBody,
} from "../support/webhook-helpers.ts";

/*
 * Certification reminders and the cron's status events, on a fixed clock:
 * the cron runs at RUN_AT, a day later, and again, against mentors whose
 * expiry sits at each threshold of REMINDER_DAYS (60,30,7) and either side.
 */
const RUN_AT = new Date("2027-01-10T10:00:00Z");
const DAY = 86_400_000;

const MENTORS: [id: string, expiry: string, paused?: boolean][] = [
  ["mentor_d61", "2027-03-12T00:00:00Z"],
  ["mentor_d60", "2027-03-11T00:00:00Z"],
  ["mentor_d31", "2027-02-10T00:00:00Z"],
  ["mentor_d30", "2027-02-09T00:00:00Z"],
  ["mentor_d8", "2027-01-18T00:00:00Z"],
  ["mentor_d7", "2027-01-17T00:00:00Z"],
  ["mentor_d0", "2027-01-10T23:00:00Z"],
  ["mentor_past", "2027-01-09T00:00:00Z"],
  ["mentor_paused", "2027-02-09T00:00:00Z", true],
];

let token: string;
let secret: string;

beforeAll(async () => {
  await loadDataset(
    {
      organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Example Org" }],
      peer_mentors: MENTORS.map(([id, expiry, paused = false]) => ({
        mentor_id: id,
        org_id: "org_x9y8z7",
        full_name: `Mentor ${id}`,
        email: `${id}@frivillig.no`,
        is_paused: paused,
        certification_expiry_date: expiry,
      })),
    },
    RUN_AT,
  );
  token = await tokenFor(DEMO_ORGANIZATION);
  ({ secret } = await subscribe(token, "reminders"));
});

type StoredEvent = { mentor_id: string; type: string; data: string };

/** Every event in the outbox of `type`, as [mentor, threshold or new status]. */
async function events(type: string) {
  const { results } = await env.DB.prepare(
    "SELECT mentor_id, type, data FROM webhook_events WHERE type = ? ORDER BY mentor_id",
  )
    .bind(type)
    .all<StoredEvent>();
  return results.map((event) => {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    return [event.mentor_id, data.threshold_days ?? data.to_status];
  });
}

describe("certification reminders", { timeout: 30_000 }, () => {
  it("reach each threshold once per expiry date, for mentors neither paused nor expired", async () => {
    await runCron(RUN_AT);
    const first = [
      ["mentor_d0", 7],
      ["mentor_d30", 30],
      ["mentor_d31", 60],
      ["mentor_d60", 60],
      ["mentor_d7", 7],
      ["mentor_d8", 30],
    ];
    expect(await events("peer_mentor.certification_expiring")).toEqual(first);

    // The same hour again: nothing new.
    await runCron(RUN_AT);
    expect(await events("peer_mentor.certification_expiring")).toEqual(first);

    // A day on, the next threshold of those who reached it, and the 60 days of mentor_d61.
    await runCron(new Date(RUN_AT.getTime() + DAY));
    expect(await events("peer_mentor.certification_expiring")).toEqual(
      [...first, ["mentor_d31", 30], ["mentor_d61", 60], ["mentor_d8", 7]].sort((a, b) =>
        String(a[0]).localeCompare(String(b[0])),
      ),
    );
    // The cron's status changes are events too: mentor_d0 expired overnight, mentor_d61 is at 60 days.
    expect(await events("peer_mentor.status_changed")).toEqual([
      ["mentor_d0", "expired"],
      ["mentor_d61", "warning"],
    ]);
  });

  it("start afresh for a new expiry date", async () => {
    const response = await send(
      "/api/v1/peer-mentors/mentor_d7/certification-expiry",
      "PATCH",
      { expiry_date: "2027-03-12" },
      token,
    );
    expect(response.status).toBe(200);
    await runCron(new Date(RUN_AT.getTime() + DAY));
    const reminders = (await events("peer_mentor.certification_expiring")).filter(
      ([mentor]) => mentor === "mentor_d7",
    );
    expect(reminders).toEqual([
      ["mentor_d7", 7],
      ["mentor_d7", 60],
    ]);
  });

  it("arrive at the subscribed endpoint, signed, with the days left", async () => {
    const deliveries = await waitForDeliveries("reminders", 11);
    const verified = deliveries.map(
      (delivery) =>
        new Webhook(secret).verify(
          delivery.body,
          delivery.headers as Record<string, string>,
        ) as EventBody,
    );
    const d60 = verified.find(
      (event) =>
        event.type === "peer_mentor.certification_expiring" &&
        event.data.mentor_id === "mentor_d60",
    );
    expect(d60).toMatchObject({
      created_at: "2027-01-10T10:00:00Z",
      data: {
        org_id: "org_x9y8z7",
        certification_expiry_date: "2027-03-11T00:00:00Z",
        days_until_expiry: 60,
        threshold_days: 60,
      },
    });
    expect(verified.filter((event) => event.type === "peer_mentor.status_changed")).toContainEqual(
      expect.objectContaining({
        data: expect.objectContaining({
          mentor_id: "mentor_d0",
          to_status: "expired",
          source: "cron",
        }) as unknown,
      }),
    );
  });
});
