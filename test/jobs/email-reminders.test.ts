import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { emailData, webhookEventData } from "../../src/outbox/event-data.ts";
import type { EmailKind, WebhookEventType } from "../../src/db/schema.ts";
import {
  DEMO_ORGANIZATION,
  loadDataset,
  OTHER_ORGANIZATION,
  send,
  tokenFor,
} from "../support/helpers.ts";
import { runCron } from "../support/webhook-helpers.ts";
import { saveSettings, storedEmails, waitForEmails, sentTo } from "../support/email-helpers.ts";

/*
 * Reminder and expiry emails from the cron, on a fixed clock. Organization 5
 * saved its settings (thresholds 90 and 14 days, two coordinators, mentors
 * emailed too, Norwegian); organization 6 saved none, so its webhooks keep
 * REMINDER_DAYS (60, 30, 7) and nobody there is emailed.
 */
const RUN_AT = new Date("2027-01-13T10:00:00Z"); // a Wednesday: no digest
const DAY = 86_400_000;
const COORDINATORS = ["koordinator@frivillig.no", "leder@frivillig.no"];

const mentor = (id: string, org: string, expiry: string) => ({
  mentor_id: id,
  org_id: org,
  full_name: `Mentor ${id.slice(7)}`,
  email: `${id}@frivillig.no`,
  certification_expiry_date: expiry,
});

let token: string;

beforeAll(async () => {
  await loadDataset(
    {
      organizations: [
        { id: 5, public_id: "org_x9y8z7", name: "Frivillig Øst" },
        { id: 6, public_id: "org_k4m2p8", name: "Other Org" },
      ],
      peer_mentors: [
        mentor("mentor_d90", "org_x9y8z7", "2027-04-13T00:00:00Z"),
        mentor("mentor_d20", "org_x9y8z7", "2027-02-02T00:00:00Z"),
        mentor("mentor_d14", "org_x9y8z7", "2027-01-27T00:00:00Z"),
        mentor("mentor_d91", "org_x9y8z7", "2027-04-14T00:00:00Z"),
        // Expires half an hour after the first run.
        mentor("mentor_soon", "org_x9y8z7", "2027-01-13T10:30:00Z"),
        mentor("mentor_o60", "org_k4m2p8", "2027-03-14T00:00:00Z"),
        mentor("mentor_o30", "org_k4m2p8", "2027-02-12T00:00:00Z"),
      ],
    },
    RUN_AT,
  );
  token = await tokenFor(DEMO_ORGANIZATION);
  await saveSettings(token, {
    coordinator_emails: COORDINATORS,
    mentor_reminders: true,
    reminder_days: [90, 14],
    language: "nb",
    weekly_digest: false,
  });
});

async function reminderEvents() {
  const { results } = await env.DB.prepare(
    "SELECT mentor_id, data FROM webhook_events WHERE type = 'peer_mentor.certification_expiring' ORDER BY mentor_id, created_at",
  ).all<{ mentor_id: string; data: string }>();
  return results.map((row) => {
    const data = webhookEventData["peer_mentor.certification_expiring"].parse(JSON.parse(row.data));
    return [row.mentor_id, data.threshold_days];
  });
}

/** Every outbox row's data, parsed strictly with its schema: what the cron and the API wrote. */
async function expectEveryRowMatchesItsSchema() {
  const { results: events } = await env.DB.prepare("SELECT type, data FROM webhook_events").all<{
    type: WebhookEventType;
    data: string;
  }>();
  for (const event of events) webhookEventData[event.type].parse(JSON.parse(event.data));
  const { results: emails } = await env.DB.prepare(
    "SELECT kind, data FROM emails WHERE data IS NOT NULL",
  ).all<{ kind: EmailKind; data: string }>();
  for (const email of emails) emailData[email.kind].parse(JSON.parse(email.data));
  return { events: events.length, emails: emails.length };
}

describe("reminder emails", { timeout: 60_000 }, () => {
  it("follow each organization's thresholds, and so do its webhooks", async () => {
    await runCron(RUN_AT);
    expect(await reminderEvents()).toEqual([
      ["mentor_d14", 14],
      ["mentor_d20", 90],
      ["mentor_d90", 90],
      ["mentor_o30", 30],
      ["mentor_o60", 60],
      ["mentor_soon", 14],
    ]);
    const written = await storedEmails();
    expect(written.map((email) => [email.kind, email.mentor_id])).toEqual([
      ["coordinator_reminder", null],
      ["mentor_reminder", "mentor_d14"],
      ["mentor_reminder", "mentor_d20"],
      ["mentor_reminder", "mentor_d90"],
      ["mentor_reminder", "mentor_soon"],
    ]);
    expect(written.every((email) => email.organization_id === DEMO_ORGANIZATION.id)).toBe(true);
  });

  it("write data that matches its schema, from the cron", async () => {
    // Parsed before the consumer clears it: the settings PUT and the cron ran moments ago.
    const counts = await expectEveryRowMatchesItsSchema();
    expect(counts.events).toBeGreaterThan(0);
  });

  it("send the coordinators one email per run, listing everyone who reached a threshold", async () => {
    for (const coordinator of COORDINATORS) {
      const [email, ...more] = await waitForEmails(coordinator, 1);
      expect(more).toEqual([]);
      expect(email?.to).toEqual(COORDINATORS);
      expect(email?.subject).toBe("Likepersoner med sertifisering som snart utløper");
      const lines = (email?.text ?? "").split("\n").filter((line) => line.startsWith("- "));
      expect(lines).toEqual([
        "- Mentor soon (mentor_soon): 0 dager igjen, 13. januar 2027",
        "- Mentor d14 (mentor_d14): 14 dager igjen, 27. januar 2027",
        "- Mentor d20 (mentor_d20): 20 dager igjen, 2. februar 2027",
        "- Mentor d90 (mentor_d90): 90 dager igjen, 13. april 2027",
      ]);
    }
  });

  it("send each mentor their own reminder, in Norwegian, with whom to contact", async () => {
    const [email] = await waitForEmails("mentor_d14@frivillig.no", 1);
    expect(email?.subject).toBe("Sertifiseringen din som likeperson utløper snart");
    expect(email?.text).toContain("Hei Mentor d14,");
    expect(email?.text).toContain("utløper 27. januar 2027, om 14 dager");
    expect(email?.text).toContain(COORDINATORS.join(", "));
    expect(email?.html).toContain('<html lang="nb">');
    expect(sentTo("mentor_o60@frivillig.no")).toEqual([]);
  });

  it("are recorded as sent, with the binding's message id", async () => {
    await expect
      .poll(async () => (await storedEmails()).map((email) => email.status), { timeout: 20_000 })
      .toEqual(Array(5).fill("sent"));
    for (const email of await storedEmails()) {
      expect(email.message_id).toMatch(/^<.+@peer-roster\.example\.org>$/);
      expect(email.data).toBeNull();
      expect(email.attempts).toBe(1);
    }
  });

  it("do not repeat on a second run, at the same time or later", async () => {
    await runCron(RUN_AT);
    expect(await storedEmails("kind LIKE '%reminder'")).toHaveLength(5);
    // A day on, only mentor_d91 reaches a threshold (90 days): its email, and a coordinators' one listing it alone.
    await runCron(new Date(RUN_AT.getTime() + DAY));
    await runCron(new Date(RUN_AT.getTime() + DAY));
    const later = await storedEmails(
      "kind LIKE '%reminder' AND created_at > ?",
      "2027-01-13T10:00:00Z",
    );
    expect(later.map((email) => [email.kind, email.mentor_id])).toEqual([
      ["coordinator_reminder", null],
      ["mentor_reminder", "mentor_d91"],
    ]);
    const reminders = (await waitForEmails(COORDINATORS[0] ?? "", 3)).filter((email) =>
      email.subject.includes("snart"),
    );
    expect(reminders).toHaveLength(2);
    expect(reminders[1]?.text).toMatch(/^- Mentor d91 \(mentor_d91\): 90 dager igjen/m);
    expect(reminders[1]?.text).not.toContain("mentor_d14");
  });

  it("tell the coordinators and the mentor when the cron expires a certification", async () => {
    // The day-later run above moved mentor_soon to expired.
    const notices = await storedEmails("kind LIKE '%expired'");
    expect(notices.map((email) => [email.kind, email.mentor_id])).toEqual([
      ["coordinator_expired", null],
      ["mentor_expired", "mentor_soon"],
    ]);
    const [mentorNotice] = await waitForEmails("mentor_soon@frivillig.no", 2);
    expect(sentTo("mentor_soon@frivillig.no").map((email) => email.subject)).toContain(
      "Sertifiseringen din som likeperson har utløpt",
    );
    expect(mentorNotice).toBeDefined();
    const coordinatorEmails = await waitForEmails(COORDINATORS[0] ?? "", 3);
    expect(coordinatorEmails.filter((email) => email.subject.includes("utløpt"))).toHaveLength(1);
    expect(coordinatorEmails.map((email) => email.text).join()).toContain(
      "Mentor soon (mentor_soon): 13. januar 2027",
    );
  });

  it("tell them too when a PATCH expires a mentor, with data matching its schema", async () => {
    const response = await send(
      "/api/v1/peer-mentors/mentor_d91/status",
      "PATCH",
      { status: "expired", reason: "did not finish the course" },
      token,
    );
    expect(response.status).toBe(200);
    const written = await storedEmails(
      "kind LIKE '%expired' AND (mentor_id = ? OR data LIKE ?)",
      "mentor_d91",
      "%mentor_d91%",
    );
    expect(written.map((email) => email.kind).sort()).toEqual([
      "coordinator_expired",
      "mentor_expired",
    ]);
    await expectEveryRowMatchesItsSchema();
    await waitForEmails("mentor_d91@frivillig.no", 1);
    await waitForEmails(COORDINATORS[1] ?? "", 4);
  });

  it("come once per expiry: moving out of expired and back writes none until the expiry date changes", async () => {
    const path = "/api/v1/peer-mentors/mentor_d91";
    const notices = async () =>
      (
        await storedEmails(
          "kind LIKE '%expired' AND (mentor_id = ? OR data LIKE ?)",
          "mentor_d91",
          "%mentor_d91%",
        )
      ).length;
    const statusEvents = async () =>
      (
        await env.DB.prepare(
          "SELECT count(*) AS n FROM webhook_events WHERE mentor_id = 'mentor_d91' AND type = 'peer_mentor.status_changed'",
        ).first<{ n: number }>()
      )?.n;
    const before = { notices: await notices(), events: await statusEvents() };
    for (const status of ["active", "expired", "paused", "expired", "expired"]) {
      expect((await send(`${path}/status`, "PATCH", { status }, token)).status).toBe(200);
    }
    expect(await notices()).toBe(before.notices);
    // The status webhook still reports every change (the repeated PATCH is none).
    expect(await statusEvents()).toBe((before.events ?? 0) + 4);
    // A new expiry date is a new expiry: its move to expired is noticed.
    expect((await send(`${path}/status`, "PATCH", { status: "active" }, token)).status).toBe(200);
    const renewed = await send(
      `${path}/certification-expiry`,
      "PATCH",
      { expiry_date: "2026-06-01T00:00:00Z" },
      token,
    );
    expect(await renewed.json()).toMatchObject({ status: "expired" });
    expect(await notices()).toBe(before.notices + 2);
    // What records each notice: the mentor and the expiry date it was for.
    const { results } = await env.DB.prepare(
      "SELECT certification_expiry_date AS expiry FROM certification_reminders WHERE mentor_id = 'mentor_d91' AND threshold_days = 0 ORDER BY 1",
    ).all<{ expiry: string }>();
    expect(results.map((row) => row.expiry)).toEqual([
      "2026-06-01T00:00:00Z",
      "2027-04-14T00:00:00Z",
    ]);
  });

  it("go nowhere for an organization that saved no settings", async () => {
    expect(await storedEmails("organization_id = ?", OTHER_ORGANIZATION.id)).toEqual([]);
  });
});
