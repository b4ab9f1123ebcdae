import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData, request, send, tokenFor } from "../support/helpers.ts";
import { SETTINGS_PATH, type SettingsBody } from "../support/email-helpers.ts";
import { consoleFetch, newMember, pageText, sessionFor } from "../support/console-helpers.ts";

const BASE = `/console/${DEMO_ORGANIZATION.publicId}/notifications`;
let session: string;
let token: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  session = await sessionFor((await newMember(DEMO_ORGANIZATION.id, "coordinator")).email);
});

const settings = async () =>
  (await request(SETTINGS_PATH, { token })).json<SettingsBody & { updated_at: string | null }>();

/** The form's fields as the page shows them now. */
async function formNow() {
  const html = await (await consoleFetch(BASE, { session })).text();
  const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];
  return {
    revision: field("revision") ?? "",
    coordinator_emails:
      /<textarea[^>]*name="coordinator_emails"[^>]*>([^<]*)</.exec(html)?.[1] ?? "",
    reminder_days: field("reminder_days") ?? "",
    language: /<option value="(nb|en)" selected/.exec(html)?.[1] ?? "",
    ...(/name="mentor_reminders" value="on" checked/.test(html) ? { mentor_reminders: "on" } : {}),
    ...(/name="weekly_digest" value="on" checked/.test(html) ? { weekly_digest: "on" } : {}),
  };
}

describe("the notification settings form", () => {
  it("saves the whole form the first time, so emails start", async () => {
    const page = await pageText(await consoleFetch(BASE, { session }));
    expect(page).toContain("Innstillingene er ikke lagret ennå");
    const form = await formNow();
    expect(form).toMatchObject({ revision: "0", reminder_days: "60, 30, 7", language: "nb" });
    const saved = await consoleFetch(BASE, {
      session,
      form: { ...form, coordinator_emails: "Koordinator@Frivillig.no\r\nkåre@blåbær.no\r\n" },
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${BASE}?notice=saved`);
    expect(await settings()).toMatchObject({
      coordinator_emails: ["koordinator@frivillig.no", "kåre@blåbær.no"],
      mentor_reminders: false,
      reminder_days: [60, 30, 7],
      language: "nb",
      weekly_digest: false,
    });
  });

  it("changes only what the form changed: another writer's change to another field stays", async () => {
    const form = await formNow();
    // Someone saves through the API after this form was made: the form is stale and saves nothing.
    await send(SETTINGS_PATH, "PATCH", { weekly_digest: true }, token);
    const before = await settings();
    const stale = await consoleFetch(BASE, {
      session,
      form: { ...form, coordinator_emails: "ny@frivillig.no" },
    });
    expect(stale.status).toBe(409);
    const text = await pageText(stale);
    expect(text).toContain("Noen andre endret innstillingene");
    expect(await settings()).toEqual(before);

    // From the current form, only the address changes; the digest the API switched on stays on.
    const current = await formNow();
    expect(current.weekly_digest).toBe("on");
    const saved = await consoleFetch(BASE, {
      session,
      form: { ...current, coordinator_emails: "ny@frivillig.no" },
    });
    expect(saved.status).toBe(303);
    expect(await settings()).toEqual({
      ...before,
      coordinator_emails: ["ny@frivillig.no"],
      updated_at: expect.any(String) as string,
    });
    const unchanged = await consoleFetch(BASE, { session, form: await formNow() });
    expect(unchanged.headers.get("Location")).toBe(`${BASE}?notice=unchanged`);
  });

  it("refuses a bad address or day with the API's rule beside its field, keeping what was typed", async () => {
    const before = await settings();
    const form = await formNow();
    const refused = await consoleFetch(BASE, {
      session,
      form: {
        ...form,
        coordinator_emails: "ok@frivillig.no\nikke en adresse",
        reminder_days: "30, x",
      },
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('id="coordinator_emails-error"');
    expect(html).toContain("ikke en adresse: må være én e-postadresse");
    expect(html).toContain("må være hele dager skilt med komma");
    expect(html).toContain('id="reminder_days-error"');
    expect(html).toContain('value="30, x"');
    expect(await settings()).toEqual(before);
  });
});

describe("the deliveries log", () => {
  it("lists the organization's emails, filtered by outcome", async () => {
    for (const [id, status, subject] of [
      ["eml_sent", "sent", "Påminnelse sendt"],
      ["eml_failed", "failed", "Påminnelse feilet"],
    ] as const) {
      await env.DB.prepare(
        `INSERT INTO emails (email_id, organization_id, kind, recipients, language, subject, status, attempts, created_at, updated_at)
         VALUES (?, ?, 'coordinator_reminder', '["ny@frivillig.no"]', 'nb', ?, ?, 3, '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')`,
      )
        .bind(id, DEMO_ORGANIZATION.id, subject, status)
        .run();
    }
    const all = await pageText(await consoleFetch(BASE, { session }));
    expect(all).toContain("Påminnelse sendt");
    expect(all).toContain("Påminnelse feilet");
    const failed = await pageText(await consoleFetch(`${BASE}?outcome=failed`, { session }));
    expect(failed).toContain("Påminnelse feilet");
    expect(failed).toContain("coordinator_reminder ny@frivillig.no Påminnelse feilet Feilet 3");
    expect(failed).not.toContain("Påminnelse sendt");
  });
});
