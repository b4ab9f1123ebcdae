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
const hexOfPoint = new Map<number, string>();
const MAX_CACHED_POINTS = 4096;
const REPLACEMENT_CHARACTER = 0xfffd;

/** One code point's UTF-8 in hex, as SQLite's hex() writes it. */
function pointHex(point: number): string {
  let hex = hexOfPoint.get(point);
  if (hex === undefined) {
    hex = Array.from(utf8.encode(String.fromCodePoint(point)), (byte) =>
      byte.toString(16).padStart(2, "0"),
    )
      .join("")
      .toUpperCase();
    if (hexOfPoint.size < MAX_CACHED_POINTS) hexOfPoint.set(point, hex);
  }
  return hex;
}

/**
 * The code point at `text[i]` and how many UTF-16 units it takes; a lone
 * surrogate is U+FFFD, as TextEncoder writes it. Indexes, not an iterator: this
 * runs for every character of every name and bio an import brings.
 */
function codePointAt(text: string, i: number): { point: number; units: 1 | 2 } {
  const point = text.codePointAt(i) ?? REPLACEMENT_CHARACTER;
  if (point > 0xffff) return { point, units: 2 };
  return { point: point >= 0xd800 && point <= 0xdfff ? REPLACEMENT_CHARACTER : point, units: 1 };
}

/** The text's code points, as codePointAt reads them. */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length;) {
    const { point, units } = codePointAt(text, i);
    points.push(point);
    i += units;
  }
  return points;
}

/** A one- or two-code-point substring as member_search_short holds it: its UTF-8 in hex. */
function shortTermToken(term: string): string {
  return codePoints(term).map(pointHex).join("");
}

// Odd multipliers that spread consecutive code points over the table (Fibonacci hashing's and MurmurHash3's).
const HASH_FIRST = 0x9e3779b1;
const HASH_SECOND = 0x85ebca6b;
const MAX_STAMP = 0xffffffff;

/**
 * The terms one text has given so far, each as two numbers: (0, point) for a
 * code point, (first + 1, second) for a pair. Open addressing in typed arrays,
 * emptied for the next text by a new stamp. shortTermsOf runs for every name
 * and bio an import brings; with Array.from and a Set of hex strings it took
 * four times as long.
 */
class SeenTerms {
  #firsts = new Int32Array(0);
  #seconds = new Int32Array(0);
  #stamps = new Uint32Array(0);
  #stamp = 0;

  /** Empties the set, with room for `terms` entries at most half full. */
  reset(terms: number): void {
    if (this.#stamps.length < 2 * terms) {
      const size = 2 ** Math.ceil(Math.log2(2 * terms));
      this.#firsts = new Int32Array(size);
      this.#seconds = new Int32Array(size);
      this.#stamps = new Uint32Array(size);
      this.#stamp = 0;
    } else if (this.#stamp === MAX_STAMP) {
      this.#stamps.fill(0);
      this.#stamp = 0;
    }
    this.#stamp++;
  }

  /** Adds the term; false if this text has given it already. */
  add(first: number, second: number): boolean {
    const mask = this.#stamps.length - 1;
    let slot = (Math.imul(first, HASH_FIRST) ^ Math.imul(second, HASH_SECOND)) & mask;
    while (this.#stamps[slot] === this.#stamp) {
      if (this.#firsts[slot] === first && this.#seconds[slot] === second) return false;
      slot = (slot + 1) & mask;
    }
    this.#stamps[slot] = this.#stamp;
    this.#firsts[slot] = first;
    this.#seconds[slot] = second;
    return true;
  }
}

const seenTerms = new SeenTerms();

/**
 * The tokens member_search_short holds for a folded text: every distinct
 * one- and two-code-point substring, space-separated, in the order they first
 * occur (each pair just before its second code point). Stored with the text
 * (the `*_terms` columns) for the index's triggers to read.
 */
function shortTermsOf(folded: string): string {
  // A text has at most two terms per UTF-16 unit.
  seenTerms.reset(2 * folded.length);
  let terms = "";
  let previous = -1;
  let previousHex = "";
  for (let i = 0; i < folded.length;) {
    const { point, units } = codePointAt(folded, i);
    const hex = pointHex(point);
    if (previous >= 0 && seenTerms.add(previous + 1, point)) terms += ` ${previousHex}${hex}`;
    if (seenTerms.add(0, point)) terms += terms === "" ? hex : ` ${hex}`;
    previous = point;
    previousHex = hex;
    i += units;
  }
  return terms;
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
