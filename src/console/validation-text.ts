import type * as z from "zod";
import { MISSING_FIELD } from "../http/errors.ts";
import { issueRule, type IssueRule } from "../lib/issue-rule.ts";
import {
  EARLIEST_INSTANT,
  LATEST_INSTANT,
  MAX_EXPIRES_WITHIN_DAYS,
} from "../peer-mentors/schemas.ts";
import { MAX_TOPIC_LENGTH } from "../peer-supporters/roster/fields.ts";
import type { ConsoleLanguage } from "./text.ts";

/*
 * A refused form field's message in the console's language. The rules are
 * the API's own (its schemas validate every console form); the API answers
 * them in English, and a coordinator reads them here in theirs. In order: a
 * missing value, a bound (too short, too long, too many), a rule the issue
 * names (src/lib/issue-rule.ts), the field's rule in one sentence, a choice,
 * and for anything else that the value is not valid.
 */

type Bound = "string" | "array" | "number";
type Words = {
  required: string;
  invalid: string;
  choose: string;
  atLeast: Record<Bound, (limit: number) => string>;
  atMost: Record<Bound, (limit: number) => string>;
  /** A rule the issue names (src/lib/issue-rule.ts). */
  rule: (rule: IssueRule) => string;
  /** A field's whole rule, for what its bounds do not say; by the API's field name. */
  fields: Readonly<Record<string, string>>;
};

const FIRST_DAY = EARLIEST_INSTANT.slice(0, 10);
const LAST_DAY = LATEST_INSTANT.slice(0, 10);
const TOPIC = String(MAX_TOPIC_LENGTH);

const nbDate = `må være en dato fra ${FIRST_DAY} til ${LAST_DAY}, som 2027-06-01`;
const nb: Words = {
  required: "må fylles ut",
  invalid: "er ikke gyldig",
  choose: "må være ett av valgene",
  atLeast: {
    string: (n) => `må ha minst ${String(n)} tegn`,
    array: (n) => `må være minst ${String(n)}`,
    number: (n) => `må være minst ${String(n)}`,
  },
  atMost: {
    string: (n) => `kan ha høyst ${String(n)} tegn`,
    array: (n) => `kan være høyst ${String(n)}`,
    number: (n) => `kan være høyst ${String(n)}`,
  },
  rule: (rule) => {
    switch (rule.rule) {
      case "required":
        return nb.required;
      case "unsafe_text":
        return "inneholder et tegn som ikke kan lagres (et kontrolltegn eller et usynlig retningstegn, ofte fra innliming)";
      case "invisible_character":
        return `inneholder ${rule.character}, et mellomrom eller et tegn som ikke vises (ofte fra innliming)`;
      case "compatibility_form":
        return `inneholder «${rule.found}», en variant av et vanlig tegn: skriv «${rule.plain}»`;
      case "max_characters_before_at":
        return `kan ha høyst ${String(rule.maximum)} tegn før @`;
      case "max_characters":
        return nb.atMost.string(rule.maximum);
      case "max_items":
        return nb.atMost.array(rule.maximum);
      case "origin":
        return `${rule.line} må være bare nettstedets adresse, uten sti, som https://www.eksempel.no`;
      case "origins_for_publishable":
        return "gjelder bare publiserbare nøkler";
    }
  },
  fields: {
    email: "må være én e-postadresse, som kari@eksempel.no, uten navn, mellomrom eller klammer",
    coordinator_emails: "samme adresse kan ikke stå to ganger",
    phone: "må være 5 til 32 tegn: sifre, mellomrom og + - ( )",
    certification_expiry_date: nbDate,
    expiry_date: nbDate,
    expires_within_days: `må være et helt antall dager fra 0 til ${String(MAX_EXPIRES_WITHIN_DAYS)}`,
    reminder_days:
      "må være hele dager skilt med komma, som 60, 30, 7; samme dag kan ikke stå to ganger",
    time_zone: "må være en tidssone, som Europe/Oslo",
    mentor_id: "må være en likeperson i organisasjonens register",
    topics: `hvert tema må ha 1 til ${TOPIC} tegn; samme tema kan ikke stå to ganger`,
    contact_url:
      "må være en nettadresse som begynner med https:// (eller http://); {id} blir likepersonens nummer",
  },
};

const enDate = `must be a date from ${FIRST_DAY} to ${LAST_DAY}, like 2027-06-01`;
const en: Words = {
  required: "is required",
  invalid: "is not valid",
  choose: "must be one of the choices",
  atLeast: {
    string: (n) => `must have at least ${String(n)} characters`,
    array: (n) => `must list at least ${String(n)}`,
    number: (n) => `must be at least ${String(n)}`,
  },
  atMost: {
    string: (n) => `must have at most ${String(n)} characters`,
    array: (n) => `must list at most ${String(n)}`,
    number: (n) => `must be at most ${String(n)}`,
  },
  rule: (rule) => {
    switch (rule.rule) {
      case "required":
        return en.required;
      case "unsafe_text":
        return "holds a character that cannot be stored (a control character or an invisible direction mark, often from pasting)";
      case "invisible_character":
        return `holds ${rule.character}, a space or a character that does not show (often from pasting)`;
      case "compatibility_form":
        return `holds "${rule.found}", a variant of a plain character: write "${rule.plain}"`;
      case "max_characters_before_at":
        return `must have at most ${String(rule.maximum)} characters before the @`;
      case "max_characters":
        return en.atMost.string(rule.maximum);
      case "max_items":
        return en.atMost.array(rule.maximum);
      case "origin":
        return `${rule.line} must be the website's address alone, without a path, like https://www.example.org`;
      case "origins_for_publishable":
        return "are for publishable keys only";
    }
  },
  fields: {
    email: "must be one email address, like kari@example.org, without a name, spaces or brackets",
    coordinator_emails: "must not list an address twice",
    phone: "must be 5 to 32 characters: digits, spaces and + - ( )",
    certification_expiry_date: enDate,
    expiry_date: enDate,
    expires_within_days: `must be a whole number of days from 0 to ${String(MAX_EXPIRES_WITHIN_DAYS)}`,
    reminder_days: "must be whole days separated by commas, like 60, 30, 7; no day twice",
    time_zone: "must be a time zone, like Europe/Oslo",
    mentor_id: "must be a peer mentor in the organization's registry",
    topics: `each topic must have 1 to ${TOPIC} characters; no topic twice`,
    contact_url:
      "must be a web address starting with https:// (or http://); {id} stands for the peer supporter's number",
  },
};

const WORDS: Record<ConsoleLanguage, Words> = { nb, en };

/** A bound "at least n" or "at most n" says rightly: inclusive, not an exact length. */
const isPlainBound = (issue: { origin: string; inclusive?: boolean; exact?: boolean }) =>
  (issue.origin === "string" || issue.origin === "array" || issue.origin === "number") &&
  issue.inclusive !== false &&
  issue.exact !== true;

/**
 * What `issue` says in `language`, as the rule of `field` (the issue's own
 * top-level field unless the caller names another: an address in a list is
 * refused by the rule of one `email`).
 */
export function issueText(
  issue: z.core.$ZodIssue,
  language: ConsoleLanguage,
  field = String(issue.path[0] ?? ""),
): string {
  const words = WORDS[language];
  if (issue.message === MISSING_FIELD) return words.required;
  if (issue.code === "too_small" && isPlainBound(issue)) {
    const minimum = Number(issue.minimum);
    return minimum === 1 && issue.origin !== "number"
      ? words.required
      : words.atLeast[issue.origin as Bound](minimum);
  }
  if (issue.code === "too_big" && isPlainBound(issue)) {
    return words.atMost[issue.origin as Bound](Number(issue.maximum));
  }
  const rule = issue.code === "custom" ? issueRule(issue.params) : undefined;
  if (rule) return words.rule(rule);
  const sentence = words.fields[field];
  if (sentence !== undefined) return sentence;
  return issue.code === "invalid_value" ? words.choose : words.invalid;
}
