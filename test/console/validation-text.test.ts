import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { newKeyInput } from "../../src/console/keys/keys.ts";
import { newMemberInput } from "../../src/console/members/new-member.ts";
import { parseSettingsForm } from "../../src/console/notifications/form.ts";
import { memberInput } from "../../src/console/roster/form.ts";
import type { ConsoleLanguage } from "../../src/console/text.ts";
import { issueText } from "../../src/console/validation-text.ts";
import { createMemberBody } from "../../src/peer-supporters/manage/schemas.ts";
import { publicRosterSettingsBody } from "../../src/peer-supporters/public/settings.ts";
import {
  createMentorBody,
  expiryChangeBody,
  listMentorsQuery,
  statusChangeBody,
} from "../../src/peer-mentors/schemas.ts";

/*
 * Every console form, refused in every way its fields can be: each refusal
 * is worded in the console's language, not in the API's English. The rules
 * stay the API's (its schemas refuse these), which the route tests check.
 */

const long = (length: number) => "x".repeat(length);
const origins = (count: number) =>
  Array.from({ length: count }, (_, i) => `https://www${String(i)}.example.org`).join("\n");

const refusals: [form: string, schema: z.ZodType, input: unknown][] = [
  [
    "new mentor",
    createMentorBody,
    {
      full_name: "",
      email: "Ole <ole@example.org>",
      phone: "12",
      certification_expiry_date: "snart",
    },
  ],
  [
    "new mentor",
    createMentorBody,
    {
      full_name: "Ole\u202eHansen",
      email: "ole@example.org\u200b",
      phone: "1".repeat(40),
      certification_expiry_date: "1999-12-31",
    },
  ],
  ["new mentor", createMentorBody, { full_name: long(201), email: "", phone: null }],
  ["mentor status", statusChangeBody, { status: "gone", reason: long(501) }],
  ["mentor status", statusChangeBody, {}],
  ["certification expiry", expiryChangeBody, { expiry_date: "2200-01-01" }],
  ["mentor list filters", listMentorsQuery, { expires_within_days: "lots", q: long(201) }],
  ["mentor list filters", listMentorsQuery, { expires_within_days: "9999", q: "a\u0000b" }],
  ["team", newMemberInput, { email: "ikke en adresse", role: "boss", name: long(201) }],
  ["team", newMemberInput, { email: "", name: "Kari\u0007" }],
  ["keys", newKeyInput, { kind: "shared", label: long(101) }],
  ["keys", newKeyInput, { kind: "publishable", origins: "https://www.example.org/side" }],
  ["keys", newKeyInput, { kind: "publishable", origins: origins(11) }],
  ["keys", newKeyInput, { kind: "secret", origins: "https://www.example.org" }],
  ["public page", publicRosterSettingsBody, { contact_url: "javascript:alert(1)" }],
  ["public page", publicRosterSettingsBody, { contact_url: `https://a.no/${long(500)}` }],
  [
    "new supporter",
    createMemberBody,
    memberInput({
      first_name: "",
      last_name: long(101),
      time_zone: "Mars/Olympus",
      bio: long(601),
      motivation: `a\u0000${long(10)}`,
      topics: `Sorg\nsorg\n${long(51)}`,
      status: "retired",
      mentor_id: "Ikke en id",
    }),
  ],
  [
    "new supporter",
    createMemberBody,
    memberInput({
      first_name: long(101),
      time_zone: "",
      topics: Array.from({ length: 21 }, (_, i) => `Tema ${String(i)}`).join("\n"),
    }),
  ],
];

// What the API's English messages are made of, and zod's own.
const ENGLISH = /\b(must|is|are|be|at most|characters|expected|Invalid|Too|required|each)\b/;

describe("the console's words for a refused field", () => {
  it.each(refusals)("%s: every refusal in Norwegian, none in the API's English", (...row) => {
    const [, schema, input] = row;
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    for (const issue of result.error?.issues ?? []) {
      const text = issueText(issue, "nb");
      expect(text, `${JSON.stringify(issue.path)}: ${issue.message}`).not.toMatch(ENGLISH);
      expect(text).not.toBe("er ikke gyldig");
    }
  });

  it.each(refusals)("%s: in English, the console's own words too", (...row) => {
    const [, schema, input] = row;
    for (const issue of schema.safeParse(input).error?.issues ?? []) {
      const text = issueText(issue, "en");
      expect(text).not.toMatch(/[æøå]/i);
      expect(text, `${JSON.stringify(issue.path)}: ${issue.message}`).not.toBe("is not valid");
    }
  });

  it.each<[ConsoleLanguage, string, string]>([
    ["nb", "ok@frivillig.no\nikke en adresse", "ikke en adresse: må være én e-postadresse"],
    ["nb", "ok@frivillig.no\nOK@frivillig.no", "samme adresse kan ikke stå to ganger"],
    [
      "nb",
      "ok@frivillig.no\nkari@frivillig\u200b.no",
      "inneholder U+200B, et mellomrom eller et tegn",
    ],
    ["en", "ok@frivillig.no\nikke en adresse", "ikke en adresse: must be one email address"],
  ])(
    "notifications in %s: an address of the list is named before its rule",
    (language, emails, said) => {
      const parsed = parseSettingsForm(
        { coordinator_emails: emails, reminder_days: "30", language: "nb" },
        language,
      );
      expect(parsed.errors?.get("coordinator_emails")).toContain(said);
    },
  );

  it("an address: blank, with a character that does not show, a variant, too long before the @", () => {
    const said = (email: string) => {
      const parsed = createMentorBody.safeParse({
        full_name: "Ole",
        email,
        certification_expiry_date: "2027-01-01",
      });
      const [issue] = parsed.error?.issues.filter(({ path }) => path[0] === "email") ?? [];
      return issue && issueText(issue, "nb");
    };
    expect(said("")).toBe("må fylles ut");
    expect(said("ole@example.org\u200b")).toBe(
      "inneholder U+200B, et mellomrom eller et tegn som ikke vises (ofte fra innliming)",
    );
    expect(said("\uff4fle@example.org")).toBe(
      "inneholder «\uff4f», en variant av et vanlig tegn: skriv «o»",
    );
    expect(said(`${"a".repeat(65)}@example.org`)).toBe("kan ha høyst 64 tegn før @");
    expect(said("Ole <ole@example.org>")).toBe(
      "må være én e-postadresse, som kari@eksempel.no, uten navn, mellomrom eller klammer",
    );
  });

  it("notifications: days that are not whole days, too many or repeated", () => {
    const refused = (days: string) =>
      parseSettingsForm(
        { coordinator_emails: "", reminder_days: days, language: "nb" },
        "nb",
      ).errors?.get("reminder_days");
    const wholeDays =
      "må være hele dager skilt med komma, som 60, 30, 7; samme dag kan ikke stå to ganger";
    expect(refused("30, x")).toBe(wholeDays);
    expect(refused("30, 30")).toBe(wholeDays);
    expect(refused("0")).toBe("må være minst 1");
    expect(refused("400")).toBe("kan være høyst 365");
    expect(refused("1, 2, 3, 4, 5, 6")).toBe("kan være høyst 5");
    expect(refused("")).toBe("må fylles ut");
  });
});
