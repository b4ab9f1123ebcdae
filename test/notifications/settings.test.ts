import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";
import { SETTINGS_PATH, saveSettings, type SettingsBody } from "../support/email-helpers.ts";

let token: string;
let otherToken: string;

const VALID: SettingsBody = {
  coordinator_emails: ["Koordinator@Frivillig.no", "kåre@blåbær.no"],
  mentor_reminders: true,
  reminder_days: [7, 90, 30],
  language: "nb",
  weekly_digest: true,
};

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  otherToken = await tokenFor(OTHER_ORGANIZATION);
});

type Details = { details: { field: string; message: string }[] };

describe("notification settings", () => {
  it("are the defaults until saved: nothing emailed, REMINDER_DAYS as thresholds", async () => {
    const response = await request(SETTINGS_PATH, { token: otherToken });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      coordinator_emails: [],
      mentor_reminders: false,
      reminder_days: [60, 30, 7],
      language: "nb",
      weekly_digest: false,
      updated_at: null,
    });
  });

  it("save whole, lowercasing addresses (Unicode ones too) and ordering the days", async () => {
    const saved = await saveSettings(token, VALID);
    expect(saved).toMatchObject({
      coordinator_emails: ["koordinator@frivillig.no", "kåre@blåbær.no"],
      reminder_days: [90, 30, 7],
      updated_at: expect.stringMatching(/Z$/) as unknown,
    });
    const again = await request(SETTINGS_PATH, { token });
    expect(await again.json()).toEqual(saved);
  });

  it("belong to the key's organization only", async () => {
    const other = await request(SETTINGS_PATH, { token: otherToken });
    expect(await other.json()).toMatchObject({ coordinator_emails: [], updated_at: null });
  });

  it("refuse publishable keys", async () => {
    const { token: publishable } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "site", {
      kind: "publishable",
    });
    const response = await request(SETTINGS_PATH, { token: publishable });
    expect(response.status).toBe(403);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "too many addresses",
      { coordinator_emails: Array.from({ length: 11 }, (_, i) => `k${i}@x.no`) },
      ["coordinator_emails"],
    ],
    ["a bad address", { coordinator_emails: ["not an address"] }, ["coordinator_emails[0]"]],
    ["a repeated address", { coordinator_emails: ["a@x.no", "A@x.no"] }, ["coordinator_emails"]],
    ["no days", { reminder_days: [] }, ["reminder_days"]],
    ["six days", { reminder_days: [1, 2, 3, 4, 5, 6] }, ["reminder_days"]],
    ["a repeated day", { reminder_days: [30, 30] }, ["reminder_days"]],
    ["day 0 and 366", { reminder_days: [0, 366] }, ["reminder_days[0]", "reminder_days[1]"]],
    ["half a day", { reminder_days: [7.5] }, ["reminder_days[0]"]],
    ["another language", { language: "sv" }, ["language"]],
    [
      "text for a flag",
      { mentor_reminders: "yes", weekly_digest: 1 },
      ["mentor_reminders", "weekly_digest"],
    ],
    ["an unknown field", { cc: "x@y.no" }, ["cc"]],
  ])("answer 400 naming each bad field: %s", async (_, change, fields) => {
    const response = await send(SETTINGS_PATH, "PUT", { ...VALID, ...change }, token);
    expect(response.status).toBe(400);
    const body = await response.json<Details>();
    expect(body.details.map((detail) => detail.field).sort()).toEqual([...fields].sort());
  });

  it("answer 400 naming every missing field", async () => {
    const response = await send(SETTINGS_PATH, "PUT", {}, token);
    const body = await response.json<Details>();
    expect(body.details.map((detail) => detail.field).sort()).toEqual([
      "coordinator_emails",
      "language",
      "mentor_reminders",
      "reminder_days",
      "weekly_digest",
    ]);
  });

  it("list no other organization's emails", async () => {
    await env.DB.prepare(
      `INSERT INTO emails (email_id, organization_id, kind, recipients, language, subject, status, created_at, updated_at)
       VALUES ('eml_other', ?, 'weekly_digest', '["x@y.no"]', 'en', 's', 'sent', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')`,
    )
      .bind(OTHER_ORGANIZATION.id)
      .run();
    const mine = await request(`${SETTINGS_PATH}/deliveries`, { token });
    expect((await mine.json<{ data: unknown[] }>()).data).toEqual([]);
    const theirs = await request(`${SETTINGS_PATH}/deliveries`, { token: otherToken });
    expect(
      (await theirs.json<{ data: { email_id: string }[] }>()).data.map((e) => e.email_id),
    ).toEqual(["eml_other"]);
  });
});
