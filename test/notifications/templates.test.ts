import { describe, expect, it } from "vitest";
import { EMAIL_KINDS, NOTIFICATION_LANGUAGES, type EmailKind } from "../../src/db/schema.ts";
import { emailData } from "../../src/outbox/event-data.ts";
import { formatDate, renderEmail, SUBJECTS } from "../../src/notifications/templates.ts";

const EXPIRY = "2027-03-11T00:00:00Z";
const NAME = 'Åse <b>"Ø"</b> & Co';
const mentor = { mentor_id: "mentor_a1", full_name: NAME, certification_expiry_date: EXPIRY };
const expiring = { ...mentor, days_until_expiry: 30, threshold_days: 30 };

/** One example of each kind's data, parsed with its schema as the consumer does. */
const EXAMPLES: { [K in EmailKind]: unknown } = {
  mentor_reminder: { ...expiring, organization_name: "Frivillig", contacts: ["k@frivillig.no"] },
  mentor_expired: { ...mentor, organization_name: "Frivillig", contacts: [] },
  coordinator_reminder: { organization_name: "Frivillig", mentors: [expiring], total: 3 },
  coordinator_expired: { organization_name: "Frivillig", mentors: [mentor], total: 1 },
  weekly_digest: {
    organization_name: "Frivillig",
    iso_week: "2027-W02",
    counts: { active: 4, warning: 1, expired: 0, paused: 2 },
    mentors: [{ ...mentor, status: "warning", days_until_expiry: 30 }],
    total: 1,
  },
  console_sign_in: {
    organization_name: NAME,
    link: "https://peer-roster.example/console/sign-in/link#token",
    valid_minutes: 15,
  },
};

/** The one kind that links somewhere: the console's sign-in link, its only URL. */
const LINKED: EmailKind = "console_sign_in";

const EXPECTED_WORDS: Record<EmailKind, Record<"nb" | "en", RegExp>> = {
  mentor_reminder: {
    nb: /utløper 11\. mars 2027, om 30 dager/,
    en: /expires on 11 March 2027, in 30 days/,
  },
  mentor_expired: { nb: /registrert som utløpt/, en: /recorded as expired/ },
  coordinator_reminder: {
    nb: /30 dager igjen.*\n[\s\S]*og 2 til/,
    en: /30 days left[\s\S]*and 2 more/,
  },
  coordinator_expired: { nb: /har utløpt/, en: /has expired/ },
  weekly_digest: { nb: /uke 2027-W02[\s\S]*pause: 2/, en: /week 2027-W02[\s\S]*paused: 2/ },
  console_sign_in: { nb: /innen 15 minutter/, en: /within 15 minutes/ },
};

describe("email templates", () => {
  for (const kind of EMAIL_KINDS) {
    for (const language of NOTIFICATION_LANGUAGES) {
      it(`${kind} in ${language}: text and HTML, escaped, with no images and no links but the sign-in's`, () => {
        const data = emailData[kind].parse(EXAMPLES[kind]);
        const email = renderEmail(kind, language, data as never);
        expect(email.subject).toBe(SUBJECTS[kind][language]);
        expect(email.text).toContain(NAME);
        expect(email.text).toMatch(EXPECTED_WORDS[kind][language]);
        // Coordinators find each listed mentor in the registry by id.
        if (!kind.startsWith("mentor_") && kind !== LINKED) {
          expect(email.text).toContain("(mentor_a1)");
        }
        // The name is text in the HTML, never markup.
        expect(email.html).toContain("Åse &lt;b&gt;&quot;Ø&quot;&lt;/b&gt; &amp; Co");
        expect(email.html).not.toContain("<b>");
        expect(email.html).toContain(`<html lang="${language}">`);
        const withoutLink =
          kind === LINKED
            ? [email.text, email.html].map((body) =>
                body.replaceAll("https://peer-roster.example/console/sign-in/link#token", ""),
              )
            : [email.text, email.html];
        for (const body of withoutLink) {
          expect(body).not.toMatch(/https?:|<img|src=|url\(/i);
          if (kind !== LINKED) expect(body).not.toMatch(/<a\s/i);
        }
      });
    }
  }

  it("tell the mentor whom to ask, or their organization when no coordinator is set", () => {
    const data = emailData.mentor_expired.parse(EXAMPLES.mentor_expired);
    expect(renderEmail("mentor_expired", "nb", data).text).toContain(
      "Kontakt koordinatoren i organisasjonen din",
    );
    const reminder = emailData.mentor_reminder.parse(EXAMPLES.mentor_reminder);
    expect(renderEmail("mentor_reminder", "en", reminder).text).toContain(
      "Contact your coordinator: k@frivillig.no",
    );
  });

  it("link coordinators' emails to the mentors' pages in the console when CONSOLE_URL is set", () => {
    const base = "https://peer-roster.example.org/console/org_x9y8z7";
    const page = `${base}/mentors/mentor_a1`;
    for (const kind of ["coordinator_reminder", "coordinator_expired"] as const) {
      const data = emailData[kind].parse(EXAMPLES[kind]);
      const email = renderEmail(kind, "nb", data as never, base);
      expect(email.text).toContain(`${NAME}: `);
      expect(email.text).toContain(`: ${page}\n`);
      expect(email.text).not.toContain("(mentor_a1)");
      expect(email.html).toContain(`<a href="${page}">${page}</a>`);
      expect(email.text).toContain(`${base}/mentors\n`);
    }
    const digest = emailData.weekly_digest.parse(EXAMPLES.weekly_digest);
    const email = renderEmail("weekly_digest", "en", digest, base);
    expect(email.text).toContain(
      `See every mentor in the coordinator console:\n\n${base}/mentors\n`,
    );
    expect(email.html).toContain(`<a href="${base}/mentors">`);
    expect(email.text).not.toContain("(mentor_a1)");
    // The mentor's own emails never link to a console they cannot open.
    const own = emailData.mentor_reminder.parse(EXAMPLES.mentor_reminder);
    expect(renderEmail("mentor_reminder", "nb", own, base).text).not.toContain("https:");
  });

  it("write the expiry's UTC date the organization's way", () => {
    expect(formatDate("2027-01-10T23:30:00Z", "nb")).toBe("10. januar 2027");
    expect(formatDate("2027-01-10T23:30:00Z", "en")).toBe("10 January 2027");
  });
});
