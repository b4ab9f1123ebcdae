import { sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { foldForSearch } from "../../lib/fold.ts";
import { codePointLength } from "../../lib/text-length.ts";

/*
 * The roster's two search indexes (migrations/0015_search_shown_name.sql),
 * FTS5 tables whose rowid is the member's id. drizzle-kit cannot create a
 * virtual table, so these are declared here for queries only, outside
 * src/db/schema.ts.
 */

const searchIndex = (name: string) => sqliteTable(name, { rowid: integer("rowid").notNull() });
export const memberSearch = searchIndex("member_search");
export const memberSearchShort = searchIndex("member_search_short");

// FTS5's trigram tokenizer indexes every run of three code points: a shorter term has none.
const TRIGRAM_LENGTH = 3;
const ORGANIZATION_DIGIT_BITS = 20;
const SUPPLEMENTARY_PLANES = 0x10000;

/**
 * The organization's id as the indexes hold it: three code points from the
 * supplementary planes, 20 bits each (ids go up to 2^52), so it is one
 * trigram in member_search and one token in member_search_short. The view in
 * the migration computes the same with char().
 */
function organizationToken(organizationId: number): string {
  const digit = (shift: number) =>
    SUPPLEMENTARY_PLANES + (Math.floor(organizationId / 2 ** shift) % 2 ** ORGANIZATION_DIGIT_BITS);
  return String.fromCodePoint(
    digit(2 * ORGANIZATION_DIGIT_BITS),
    digit(ORGANIZATION_DIGIT_BITS),
    digit(0),
  );
}

const utf8 = new TextEncoder();
// Encoding each code point once: a TextEncoder call per substring was most of a large import's time.
const hexOfPoint = new Map<string, string>();
const MAX_CACHED_POINTS = 4096;

/** One code point's UTF-8 in hex, as SQLite's hex() writes it. */
function pointHex(point: string): string {
  let hex = hexOfPoint.get(point);
  if (hex === undefined) {
    hex = Array.from(utf8.encode(point), (byte) => byte.toString(16).padStart(2, "0"))
      .join("")
      .toUpperCase();
    if (hexOfPoint.size < MAX_CACHED_POINTS) hexOfPoint.set(point, hex);
  }
  return hex;
}

/** A one- or two-code-point substring as member_search_short holds it: its UTF-8 in hex. */
function shortTermToken(term: string): string {
  return Array.from(term, pointHex).join("");
}

/**
 * The tokens member_search_short holds for a folded text: every distinct
 * one- and two-code-point substring, space-separated. Stored with the text
 * (the `*_terms` columns) for the index's triggers to read.
 */
function shortTermsOf(folded: string): string {
  const points = Array.from(folded, pointHex);
  const terms = new Set<string>();
  points.forEach((point, i) => {
    terms.add(point);
    const next = points[i + 1];
    if (next !== undefined) terms.add(point + next);
  });
  return [...terms].join(" ");
}

/*
 * The searchable texts' columns as every writer sets them: folded (`*_search`,
 * which the trigram index holds) and its short terms (`*_terms`).
 */

export function firstNameSearchColumns(firstName: string) {
  const folded = foldForSearch(firstName);
  return { firstNameSearch: folded, firstNameTerms: shortTermsOf(folded) };
}

export function lastNameSearchColumns(lastName: string | null) {
  const folded = foldForSearch(lastName ?? "");
  return { lastNameSearch: folded, lastNameTerms: shortTermsOf(folded) };
}

export function bioSearchColumns(bio: string | null) {
  const folded = foldForSearch(bio ?? "");
  return { bioSearch: folded, bioTerms: shortTermsOf(folded) };
}

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The index and FTS5 query that find the organization's roster members whose
 * folded name as shown ("bjørn æ."), last name or bio (the public roster:
 * the name as shown or bio, it shows no last names) contains `folded`: the
 * same literal substring test as instr(), with a cost that follows the
 * term's matches in this organization. Three code points or more is a phrase of trigrams, which
 * matches exactly the texts containing it; a shorter term is one token. Every
 * string is a quoted FTS5 string (quotes doubled), so no character of the
 * term acts as query syntax.
 */
export function searchIndexMatch(
  organizationId: number,
  folded: string,
  publicOnly: boolean,
): { index: typeof memberSearch; match: SQL } {
  const { index, query } = searchIndexQuery(organizationId, folded, publicOnly);
  return { index, match: sql`${index} MATCH ${query}` };
}

/** searchIndexMatch's index and its FTS5 query text, for a statement that binds the text itself. */
export function searchIndexQuery(
  organizationId: number,
  folded: string,
  publicOnly: boolean,
): { index: typeof memberSearch; query: string } {
  const organization = `organization : ${quoted(organizationToken(organizationId))}`;
  if (codePointLength(folded) >= TRIGRAM_LENGTH) {
    const columns = publicOnly ? "{name bio}" : "{name last_name bio}";
    return { index: memberSearch, query: `${organization} AND ${columns} : ${quoted(folded)}` };
  }
  const columns = publicOnly ? "{public_terms}" : "{public_terms private_terms}";
  const query = `${organization} AND ${columns} : ${quoted(shortTermToken(folded))}`;
  return { index: memberSearchShort, query };
}
