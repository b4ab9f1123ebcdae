import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDataset, tokenFor } from "../support/helpers.ts";
import { runCron } from "../support/webhook-helpers.ts";
import { saveSettings, waitForEmails } from "../support/email-helpers.ts";

/*
 * A deployment with CONSOLE_URL set: the cron's coordinator reminder links
 * each mentor's page in the organization's console. (Unset, as in
 * wrangler.toml, the emails name ids instead: test/jobs/email-reminders.test.ts.)
 */
const CONSOLE_URL = "https://peer-roster.example.org/";
const RUN_AT = new Date("2027-01-13T10:00:00Z"); // a Wednesday: no digest
const COORDINATOR = "koordinator@frivillig.no";

beforeAll(async () => {
  // The queue consumer runs in this isolate with this same env.
  Object.defineProperty(env, "CONSOLE_URL", { configurable: true, value: CONSOLE_URL });
  await loadDataset(
    {
      organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Frivillig Øst" }],
      peer_mentors: [
        {
          mentor_id: "mentor_d14",
          org_id: "org_x9y8z7",
          full_name: "Åse Øverland",
          email: "ase@frivillig.no",
          certification_expiry_date: "2027-01-27T00:00:00Z",
        },
      ],
    },
    RUN_AT,
  );
  await saveSettings(await tokenFor(DEMO_ORGANIZATION), {
    coordinator_emails: [COORDINATOR],
    mentor_reminders: true,
    reminder_days: [14],
    language: "nb",
    weekly_digest: false,
  });
});

describe("emails with CONSOLE_URL set", () => {
  it("link the coordinators to the mentor's page in the console, the mentor to nothing", async () => {
    await runCron(RUN_AT);
    const [reminder] = await waitForEmails(COORDINATOR, 1);
    const page = "https://peer-roster.example.org/console/org_x9y8z7/mentors/mentor_d14";
    expect(reminder?.text).toContain(`Åse Øverland: 14 dager igjen, 27. januar 2027: ${page}`);
    expect(reminder?.html).toContain(`<a href="${page}">`);
    const [own] = await waitForEmails("ase@frivillig.no", 1);
    expect(own?.text).not.toContain("https:");
  });
});
