import { beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";
import { SETTINGS_PATH, type SettingsBody } from "../support/email-helpers.ts";

let token: string;
let otherToken: string;

const SAVED: SettingsBody = {
  coordinator_emails: ["koordinator@frivillig.no"],
  mentor_reminders: true,
  reminder_days: [90, 30],
  language: "en",
  weekly_digest: true,
};

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  otherToken = await tokenFor(OTHER_ORGANIZATION);
  expect((await send(SETTINGS_PATH, "PUT", SAVED, token)).status).toBe(200);
});

const current = async (key: string) => {
  const { updated_at: _, ...settings } = await (
    await request(SETTINGS_PATH, { token: key })
  ).json<SettingsBody & { updated_at: string | null }>();
  return settings;
};

describe("PATCH /api/v1/notification-settings", () => {
  it("changes only the fields sent, normalized as PUT normalizes them", async () => {
    const patched = await send(
      SETTINGS_PATH,
      "PATCH",
      { coordinator_emails: ["Ny.Koordinator@Frivillig.no", "kåre@blåbær.no"] },
      token,
    );
    expect(patched.status).toBe(200);
    const expected = {
      ...SAVED,
      coordinator_emails: ["ny.koordinator@frivillig.no", "kåre@blåbær.no"],
    };
    expect(await patched.json()).toMatchObject(expected);
    expect(await current(token)).toEqual(expected);
    await send(SETTINGS_PATH, "PATCH", { reminder_days: [7, 60] }, token);
    expect(await current(token)).toEqual({ ...expected, reminder_days: [60, 7] });
  });

  it("starts an organization that saved nothing from the defaults GET showed", async () => {
    const defaults = await current(otherToken);
    const patched = await send(SETTINGS_PATH, "PATCH", { weekly_digest: true }, otherToken);
    expect(patched.status).toBe(200);
    expect((await patched.json<{ updated_at: string | null }>()).updated_at).not.toBeNull();
    expect(await current(otherToken)).toEqual({ ...defaults, weekly_digest: true });
  });

  it("refuses an empty body, an unknown field and a bad value (400), changing nothing", async () => {
    const before = await current(token);
    for (const [body, field] of [
      [{}, ""],
      [{ coordinator_email: ["a@b.no"] }, ""],
      [{ coordinator_emails: ["ikke en adresse"] }, "coordinator_emails[0]"],
      [{ reminder_days: [] }, "reminder_days"],
      [{ language: "sv", weekly_digest: false }, "language"],
    ] as const) {
      const response = await send(SETTINGS_PATH, "PATCH", body, token);
      expect([body, response.status]).toEqual([body, 400]);
      const { details } = await response.json<{ details: { field: string }[] }>();
      expect(details.map((detail) => detail.field)).toContain(field);
    }
    expect(await current(token)).toEqual(before);
  });

  it("leaves PUT meaning the whole settings: one field alone is a 400", async () => {
    const response = await send(SETTINGS_PATH, "PUT", { coordinator_emails: [] }, token);
    expect(response.status).toBe(400);
  });
});
