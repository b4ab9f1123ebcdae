import * as z from "zod";
import { foldForSearch } from "../../lib/fold.ts";
import { codePointLength } from "../../lib/text-length.ts";
import { safeText } from "../../lib/safe-text.ts";
import type { IssueRule } from "../../lib/issue-rule.ts";

/*
 * The fields of a person and their membership, as both the import file and
 * the roster management routes take them: one definition, so a value the
 * import accepts is one the API accepts, and the other way round. Optional
 * texts carry no default here; each caller says what absence means.
 */

export const MAX_BIO_LENGTH = 600;
export const MAX_TOPICS = 20;
export const MAX_TOPIC_LENGTH = 50;
/** A platform-level peer support interest's longest label. */
export const MAX_INTEREST_LENGTH = 100;
/** The longest label the roster's `topic` filter can match: a topic or an interest. */
export const MAX_TOPIC_FILTER_LENGTH = Math.max(MAX_TOPIC_LENGTH, MAX_INTEREST_LENGTH);

/** A trimmed, non-empty name of at most `max` characters, free of control characters. */
export const requiredName = (max: number) => safeText().trim().min(1).max(max);

/** Text of at most `max` code points (line breaks allowed), or null. */
export const optionalText = (max: number) =>
  safeText({ multiline: true })
    .refine((text) => codePointLength(text) <= max, {
      message: `must be at most ${max} characters`,
      params: { rule: "max_characters", maximum: max } satisfies IssueRule,
    })
    .nullable();

export const firstName = requiredName(100);
export const lastName = safeText().trim().max(100).nullable();
export const about = optionalText(2000);
export const bio = optionalText(MAX_BIO_LENGTH);
export const motivation = optionalText(2000);
export const recoveryStatus = optionalText(2000);
export const memberStatus = z.enum(["pending", "approved"], {
  error: "must be pending or approved",
});

// Zones already accepted, by what was sent: constructing a DateTimeFormat per
// record was most of the validation time of a large file. Only valid names are
// kept, so the map is bounded by the IANA database (about 600 names).
const knownTimeZones = new Map<string, string>();

/**
 * CLDR, and so Intl, still names these zones by the IANA names they had
 * before a rename: what IANA calls them now ("Europe/Kiev" is "Europe/Kyiv").
 */
const CURRENT_IANA_NAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};
// Names ICU takes that are no place's time: "Factory" is IANA's placeholder for "unset".
const NOT_ZONES = new Set(["factory", "etc/unknown"]);

/**
 * The canonical spelling of an IANA zone name ("europe/oslo" is
 * "Europe/Oslo"), under its current IANA name (a link such as "Europe/Kiev"
 * or "CET" is stored as the zone it points to), or undefined.
 */
function canonicalTimeZone(zone: string): string | undefined {
  const known = knownTimeZones.get(zone);
  if (known !== undefined) return known;
  if (NOT_ZONES.has(zone.toLowerCase())) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // Intl also takes offsets ("+01:00"): not a zone, and no daylight saving rules.
  if (/^[+-]/.test(resolved)) return undefined;
  const current = CURRENT_IANA_NAMES[resolved] ?? resolved;
  knownTimeZones.set(zone, current);
  return current;
}

/** An IANA zone name, stored in its canonical spelling. */
export const ianaTimeZone = z.string().transform((zone, ctx) => {
  const canonical = canonicalTimeZone(zone);
  if (canonical === undefined) {
    ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as Europe/Oslo" });
    return z.NEVER;
  }
  return canonical;
});

// A bare file name: it is appended to the assets URL, so no path or query parts.
export const avatarFile = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/, {
    message: "must be a file name (letters, digits, . _ -)",
  })
  .nullable();

/**
 * The organization's topic labels for a member: trimmed, each 1 to
 * MAX_TOPIC_LENGTH code points, at most MAX_TOPICS, no label twice (compared
 * as the search compares, so "PTSD" and "ptsd" are one label).
 */
export const topics = z
  .array(
    safeText()
      .trim()
      .refine(
        (topic) => codePointLength(topic) >= 1 && codePointLength(topic) <= MAX_TOPIC_LENGTH,
        {
          message: `each topic must be 1 to ${MAX_TOPIC_LENGTH} characters`,
        },
      ),
  )
  .max(MAX_TOPICS, { message: `at most ${MAX_TOPICS} topics` })
  .refine((labels) => new Set(labels.map(foldForSearch)).size === labels.length, {
    message: "each topic at most once (case-insensitively)",
  });

/** A peer mentor's id, as the registry (API v1) gives them. */
export const mentorId = z.string().regex(/^mentor_[a-z0-9]+$/, {
  message: "must be mentor_ followed by lowercase letters and digits",
});
