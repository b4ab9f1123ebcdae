import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.ts";
import { addMember } from "../../src/console/members/queries.ts";
import { saveNotificationSettings } from "../../src/notifications/queries.ts";
import { DEMO_ORGANIZATION, loadDemoData, OTHER_ORGANIZATION } from "../support/helpers.ts";
import { waitForEmails } from "../support/email-helpers.ts";
import { consoleFetch, newMember, sessionFor } from "../support/console-helpers.ts";

const db = () => createDatabase(env.DB);

beforeAll(async () => {
  await loadDemoData();
  // Organization 6 works in English.
  await saveNotificationSettings(
    db(),
    OTHER_ORGANIZATION.id,
    {
      coordinator_emails: [],
      mentor_reminders: false,
      reminder_days: [30],
      language: "en",
      weekly_digest: false,
    },
    "2026-01-01T00:00:00Z",
  );
});

const langOf = async (response: Response) => /<html lang="(\w+)"/.exec(await response.text())?.[1];

describe("the console's language", () => {
  it("follows the organization's setting, and a member's own choice over it", async () => {
    const member = await newMember(OTHER_ORGANIZATION.id);
    const session = await sessionFor(member.email);
    const page = `/console/${OTHER_ORGANIZATION.publicId}/mentors`;
    expect(await langOf(await consoleFetch(page, { session }))).toBe("en");
    const switched = await consoleFetch("/console/language", {
      session,
      form: { lang: "nb", return_to: page },
    });
    expect(switched.status).toBe(303);
    expect(switched.headers.get("Location")).toBe(page);
    const cookie =
      /console_lang=nb[^,]*/.exec(switched.headers.getSetCookie().join(","))?.[0] ?? "";
    expect(cookie).toContain("HttpOnly");
    const chosen = await consoleFetch(page, { session, headers: { Cookie: "console_lang=nb" } });
    expect(await langOf(chosen)).toBe("nb");
    // Back only within the console.
    const away = await consoleFetch("/console/language", {
      session,
      form: { lang: "en", return_to: "https://evil.example/" },
    });
    expect(away.headers.get("Location")).toBe("/console");
  });

  it("words a refused field in the page's language, by the API's rule", async () => {
    const member = await newMember(OTHER_ORGANIZATION.id);
    const session = await sessionFor(member.email);
    const form = { full_name: "", email: "ole@example.org", phone: "12" };
    const path = `/console/${OTHER_ORGANIZATION.publicId}/mentors`;
    const english = await (await consoleFetch(path, { session, form })).text();
    expect(english).toContain("Full name: is required");
    expect(english).toContain("must be 5 to 32 characters: digits, spaces and + - ( )");
    const norwegian = await consoleFetch(path, {
      session,
      form,
      headers: { Cookie: "console_lang=nb" },
    });
    expect(norwegian.status).toBe(400);
    expect(await norwegian.text()).toContain("må være 5 til 32 tegn: sifre, mellomrom og + - ( )");
  });

  it("writes the sign-in email in the organization's language", async () => {
    const member = await newMember(OTHER_ORGANIZATION.id);
    await consoleFetch("/console/sign-in", { form: { email: member.email } });
    const [email] = await waitForEmails(member.email, 1);
    expect(email?.subject).toBe("Sign in to the coordinator console");
  });

  it("writes it in the language chosen on this browser, over the organization's", async () => {
    const member = await newMember(OTHER_ORGANIZATION.id);
    await consoleFetch("/console/sign-in", {
      form: { email: member.email },
      headers: { Cookie: "console_lang=nb" },
    });
    const [email] = await waitForEmails(member.email, 1);
    expect(email?.subject).toBe("Logg inn i koordinatorkonsollen");
  });
});

describe("an address in several organizations", () => {
  it("chooses among them at /console, and opens each", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    await addMember(db(), {
      organizationId: OTHER_ORGANIZATION.id,
      email: member.email,
      role: "coordinator",
      displayName: "Også her",
    });
    const session = await sessionFor(member.email);
    const home = await consoleFetch("/console", { session });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain(`href="/console/${DEMO_ORGANIZATION.publicId}/mentors"`);
    expect(html).toContain(`href="/console/${OTHER_ORGANIZATION.publicId}/mentors"`);
    for (const organization of [DEMO_ORGANIZATION, OTHER_ORGANIZATION]) {
      const page = await consoleFetch(`/console/${organization.publicId}/mentors`, { session });
      expect(page.status).toBe(200);
    }
  });
});
