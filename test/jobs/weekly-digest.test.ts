import { beforeAll, describe, expect, it } from "vitest";
import { digestWeekAt, isoWeek } from "../../src/jobs/weekly-digest.ts";
import { DEMO_ORGANIZATION, loadDataset, tokenFor } from "../support/helpers.ts";
import { saveSettings, storedEmails, waitForEmails } from "../support/email-helpers.ts";
import { runCron } from "../support/webhook-helpers.ts";

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe("the digest's week rule: Monday from 07:00 in Oslo", () => {
  it.each([
    // Winter time (UTC+1): 07:00 in Oslo is 06:00 UTC.
    ["2027-01-11T05:59:59Z", null],
    ["2027-01-11T06:00:00Z", "2027-W02"],
    ["2027-01-11T22:59:59Z", "2027-W02"],
    // Sunday 23:00 UTC is already Monday in Oslo, but before 07:00.
    ["2027-01-10T23:00:00Z", null],
    // Monday 23:00 UTC is Tuesday in Oslo.
    ["2027-01-11T23:00:00Z", null],
    // Summer time (UTC+2), the Monday after the switch on 28 March: 07:00 is 05:00 UTC.
    ["2027-03-29T04:59:59Z", null],
    ["2027-03-29T05:00:00Z", "2027-W13"],
    // Back to winter time after 31 October.
    ["2027-11-01T05:00:00Z", null],
    ["2027-11-01T06:00:00Z", "2027-W44"],
    // A Monday whose ISO week belongs to the year before.
    ["2027-01-04T06:00:00Z", "2027-W01"],
    ["2026-12-28T06:00:00Z", "2026-W53"],
  ])("at %s: %s", (instant, week) => {
    expect(digestWeekAt(at(instant))).toBe(week);
  });

  it("numbers ISO weeks across year ends", () => {
    expect(isoWeek(2027, 1, 1)).toBe("2026-W53");
    expect(isoWeek(2024, 12, 30)).toBe("2025-W01");
  });
});

describe("the weekly digest", { timeout: 60_000 }, () => {
  const COORDINATOR = "ukeoversikt@frivillig.no";

  beforeAll(async () => {
    const mentor = (id: string, expiry: string, extra = {}) => ({
      mentor_id: id,
      org_id: "org_x9y8z7",
      full_name: `Digest ${id.slice(7)}`,
      email: `${id}@frivillig.no`,
      certification_expiry_date: expiry,
      ...extra,
    });
    await loadDataset(
      {
        organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Frivillig Vest" }],
        peer_mentors: [
          mentor("mentor_active", "2028-01-01"),
          mentor("mentor_warning", "2027-04-20"),
          mentor("mentor_expired", "2026-12-01"),
          mentor("mentor_paused", "2026-12-01", { is_paused: true }),
        ],
      },
      at("2027-03-27T12:00:00Z"),
    );
    await saveSettings(await tokenFor(DEMO_ORGANIZATION), {
      coordinator_emails: [COORDINATOR],
      mentor_reminders: false,
      reminder_days: [1],
      language: "en",
      weekly_digest: true,
    });
  });

  it("is written once, by the first run from 07:00 Oslo time on Monday, across the switch to summer time", async () => {
    // Hourly from Sunday 20:00 UTC to Monday 12:00 UTC, around the DST switch of 28 March 2027.
    for (
      let t = at("2027-03-28T20:00:00Z").getTime();
      t <= at("2027-03-29T12:00:00Z").getTime();
      t += HOUR
    ) {
      await runCron(new Date(t));
    }
    const digests = await storedEmails("kind = 'weekly_digest'");
    expect(digests.map((email) => email.created_at)).toEqual(["2027-03-29T05:00:00Z"]);
    // The next Monday: the next week's.
    await runCron(at("2027-04-05T05:00:00Z"));
    await runCron(at("2027-04-05T06:00:00Z"));
    expect((await storedEmails("kind = 'weekly_digest'")).map((email) => email.created_at)).toEqual(
      ["2027-03-29T05:00:00Z", "2027-04-05T05:00:00Z"],
    );
  });

  it("lists the warning and expired mentors with days left, and counts every status", async () => {
    const [first] = await waitForEmails(COORDINATOR, 2);
    expect(first?.subject).toBe("Weekly overview of peer mentor certifications");
    const lines = (first?.text ?? "").split("\n");
    expect(lines).toContain("Weekly overview for Frivillig Vest, week 2027-W13.");
    for (const count of ["active: 1", "warning: 1", "expired: 1", "paused: 1"]) {
      expect(lines).toContain(`- ${count}`);
    }
    expect(lines).toContain(
      "- Digest expired (mentor_expired), expired: expired 118 days ago, 1 December 2026",
    );
    expect(lines).toContain(
      "- Digest warning (mentor_warning), warning: 22 days left, 20 April 2027",
    );
  });
});
