import { sql, type SQL } from "drizzle-orm";

/*
 * The short terms of a folded text, which member_search_short holds led by
 * the organization's id and an x (migrations/0022_short_search_by_organization.sql): every distinct one- and
 * two-code-point substring as the hex of its UTF-8, space-separated, in the
 * order they first occur. Stored with the text (the `*_terms` columns) for
 * the index's triggers to read. The import stages them in a shorter form that
 * its promotion turns into the stored one (stagedShortTermsOf).
 */

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

/** A one- or two-code-point substring as the `*_terms` columns hold it: its UTF-8 in hex. */
export function shortTermToken(term: string): string {
  let token = "";
  for (let i = 0; i < term.length;) {
    const { point, units } = codePointAt(term, i);
    token += pointHex(point);
    i += units;
  }
  return token;
}

// Odd multipliers that spread consecutive code points over the table (Fibonacci hashing's and MurmurHash3's).
const HASH_FIRST = 0x9e3779b1;
const HASH_SECOND = 0x85ebca6b;
const MAX_STAMP = 0xffffffff;

/**
 * The terms one text has given so far, each as two numbers: (0, point) for a
 * code point, (first + 1, second) for a pair. Open addressing in typed arrays,
 * emptied for the next text by a new stamp. The terms are cut for every name
 * and bio an import brings; with Array.from and a Set of hex strings that took
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
 * The distinct terms of `folded` in the order they first occur (each pair just
 * before its second code point), joined by `separator`, each as `spell` writes
 * it given its hex and its place in `folded`.
 */
function joinShortTerms(
  folded: string,
  separator: string,
  spell: (hex: string, start: number, end: number) => string,
): string {
  // A text has at most two terms per UTF-16 unit.
  seenTerms.reset(2 * folded.length);
  let terms = "";
  let previous = -1;
  let previousHex = "";
  let previousStart = 0;
  for (let i = 0; i < folded.length;) {
    const { point, units } = codePointAt(folded, i);
    const hex = pointHex(point);
    const end = i + units;
    if (previous >= 0 && seenTerms.add(previous + 1, point)) {
      terms += separator + spell(previousHex + hex, previousStart, end);
    }
    if (seenTerms.add(0, point)) terms += separator + spell(hex, i, end);
    previous = point;
    previousHex = hex;
    previousStart = i;
    i = end;
  }
  return terms.slice(separator.length);
}

/** The stored short terms of a folded text: hex tokens, space-separated. */
export function shortTermsOf(folded: string): string {
  return joinShortTerms(folded, " ", (hex) => hex);
}

/*
 * The import's staged form: the terms as they are, each led by a Q. Hex
 * spells every byte with two digits, so this is 40% smaller (the bench
 * file's terms: 28 MB as hex, 17 MB staged). SQL makes the stored form with
 * one hex() and one replace() of the Q's "51" by a space. That is exact
 * because a Q is the only byte hex() writes as "51" in place, and a "51"
 * astride two bytes needs a byte ending in 5 followed by one from 0x10 to
 * 0x1F: a control character, which no stored text holds (src/lib/safe-text.ts).
 * A text with a Q, such a character or a lone surrogate is staged in its
 * stored form instead, led by a space.
 */
const STAGED_SEPARATOR = "Q";
const STAGED_AS_STORED = " ";
// eslint-disable-next-line no-control-regex -- these controls are what it looks for
const SPLITS_SEPARATOR_HEX = /[\u0010-\u001f]/;

/** The short terms of a folded text as the import stages them; storedShortTerms() reads them back. */
export function stagedShortTermsOf(folded: string): string {
  if (folded === "") return "";
  if (
    folded.includes(STAGED_SEPARATOR) ||
    SPLITS_SEPARATOR_HEX.test(folded) ||
    !folded.isWellFormed()
  ) {
    return STAGED_AS_STORED + shortTermsOf(folded);
  }
  return (
    STAGED_SEPARATOR +
    joinShortTerms(folded, STAGED_SEPARATOR, (_, start, end) => folded.slice(start, end))
  );
}

/** The stored short terms, from the staged form stagedShortTermsOf() wrote. */
export function storedShortTerms(staged: SQL): SQL {
  const separatorHex = shortTermToken(STAGED_SEPARATOR);
  return sql`CASE substr(${staged}, 1, 1)
    WHEN ${sql.raw(`'${STAGED_SEPARATOR}'`)}
      THEN replace(hex(substr(${staged}, 2)), ${sql.raw(`'${separatorHex}'`)}, ' ')
    ELSE substr(${staged}, 2) END`;
}
