import { codePointLength } from "./text-length.ts";
import type { IssueRule } from "./issue-rule.ts";
import { codePointName, safeText } from "./safe-text.ts";

/*
 * What an email address is, for every address we store: mentors', the
 * coordinators' (notification settings), the import's, and the console's
 * members'. An address is `local@domain` as a person types it, Unicode
 * allowed (RFC 6531: "kåre@blåbær.no"), nothing else: no display name or
 * angle brackets ("Ole <ole@x.no>"), no quoted or commented parts, no
 * characters that do not show (zero-width, bidi marks, soft hyphen, variation
 * selectors) and no compatibility forms (fullwidth "ｏle", ligatures): such
 * an address is refused, not changed, as a client could not tell which
 * mailbox a silently changed one reaches. What is kept is NFC and lowercase
 * (the domain is case-insensitive; no provider we serve tells the local part's
 * cases apart), and that one form is what the unique index compares.
 */

/** The longest address SMTP carries (RFC 5321: a 256-octet path less its brackets). */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

// Anything that shows nothing or separates: controls, format characters (Cf: zero-width
// space and joiners, bidi marks, soft hyphen, BOM), every space and separator, the default-
// ignorables (variation selectors, Hangul fillers), private use, unassigned, surrogates.
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}\p{Co}\p{Cn}\p{Cs}\u2800\u3164\uffa0]/v;
// RFC 5322's specials: what display names, quoting, comments and lists are made of.
const SPECIALS = /[<>()[\]\\,;:"]/;
const SHAPE = /^(?<local>[^@]+)@(?<domain>[^@]+)$/;
// Dot-separated, no empty part: "a..b", ".a" and "a." are not addresses.
const DOTTED = /^[^.]+(\.[^.]+)*$/;

/** Why `text` is not an email address we store, or undefined. */
export const emailAddressProblem = (text: string) => addressProblem(text)?.message;

/**
 * Why `text` is not an email address we store, and the rule it breaks where
 * the console cannot word it from the field's own rule (src/lib/issue-rule.ts).
 */
function addressProblem(text: string): { message: string; rule?: IssueRule } | undefined {
  const invisible = INVISIBLE.exec(text)?.[0];
  if (invisible !== undefined) {
    return {
      message: `must not contain ${codePointName(invisible)} (a space or a character that does not show)`,
      // A plain space shows: the field's own rule says no spaces.
      rule:
        invisible === " "
          ? undefined
          : { rule: "invisible_character", character: codePointName(invisible) },
    };
  }
  const special = SPECIALS.exec(text)?.[0];
  if (special !== undefined) {
    return {
      message: `must be the address alone, as name@example.org: no display name, brackets or quotes (found "${special}")`,
    };
  }
  const nfc = text.normalize("NFC");
  // An NFC text that NFKC leaves alone has no compatibility form (a character NFKC
  // changes is never one it composes back): one call, not one per character, which
  // was most of the time an import of many addresses spent here.
  const compatible =
    nfc.normalize("NFKC") === nfc
      ? undefined
      : Array.from(nfc).find((char) => char.normalize("NFKC") !== char);
  if (compatible !== undefined) {
    const plain = compatible.normalize("NFKC");
    return {
      message: `must not contain ${codePointName(compatible)} ("${compatible}", a compatibility form such as a fullwidth letter): write "${plain}"`,
      rule: { rule: "compatibility_form", found: compatible, plain },
    };
  }
  const parts = SHAPE.exec(nfc)?.groups;
  if (!parts?.local || !parts.domain) {
    return {
      message: "must be one address, as name@example.org",
      // A blank field: the console says it must be filled in.
      rule: text === "" ? { rule: "required" } : undefined,
    };
  }
  if (!DOTTED.test(parts.local) || !DOTTED.test(parts.domain) || !parts.domain.includes(".")) {
    return {
      message:
        "must be an address, as name@example.org (a dot only between parts, a domain with a dot)",
    };
  }
  if (codePointLength(parts.local) > MAX_LOCAL_PART_LENGTH) {
    return {
      message: `must have at most ${MAX_LOCAL_PART_LENGTH} characters before the @`,
      rule: { rule: "max_characters_before_at", maximum: MAX_LOCAL_PART_LENGTH },
    };
  }
  if (codePointLength(nfc) > MAX_EMAIL_ADDRESS_LENGTH) {
    return {
      message: `must be at most ${MAX_EMAIL_ADDRESS_LENGTH} characters`,
      rule: { rule: "max_characters", maximum: MAX_EMAIL_ADDRESS_LENGTH },
    };
  }
  return undefined;
}

/** The one stored form of an address emailAddressProblem() accepts: NFC, lowercase. */
export const normalizeEmailAddress = (address: string) => address.normalize("NFC").toLowerCase();

/** The schema of every stored email address: refused as emailAddressProblem() says, else normalized. */
export const emailAddress = safeText()
  .superRefine((text, ctx) => {
    const problem = addressProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: problem.rule });
  })
  // Validators read "email" as ASCII only; these addresses are RFC 6531's.
  .meta({ format: "idn-email" })
  .transform(normalizeEmailAddress);
