import { sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { foldForSearch } from "../../lib/fold.ts";
import { codePointLength } from "../../lib/text-length.ts";
import { shortTermsOf, shortTermToken } from "./short-terms.ts";

/*
 * The roster's two search indexes (migrations/0022_short_search_by_organization.sql),
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
 * The organization's id as member_search holds it: three code points from
 * the supplementary planes, 20 bits each (ids go up to 2^52), so it is one
 * trigram. The view in migrations/0022_short_search_by_organization.sql
 * computes the same with char().
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

/*
 * The searchable texts' columns as every writer sets them: folded (`*_search`,
 * which the trigram index holds) and its short terms (`*_terms`,
 * src/peer-supporters/roster/short-terms.ts), stored or, for the import, staged
 * (`termsOf` stagedShortTermsOf).
 */

type TermsOf = (folded: string) => string;

export function firstNameSearchColumns(firstName: string, termsOf: TermsOf = shortTermsOf) {
  const folded = foldForSearch(firstName);
  return { firstNameSearch: folded, firstNameTerms: termsOf(folded) };
}

export function lastNameSearchColumns(lastName: string | null, termsOf: TermsOf = shortTermsOf) {
  const folded = foldForSearch(lastName ?? "");
  return { lastNameSearch: folded, lastNameTerms: termsOf(folded) };
}

export function bioSearchColumns(bio: string | null, termsOf: TermsOf = shortTermsOf) {
  const folded = foldForSearch(bio ?? "");
  return { bioSearch: folded, bioTerms: termsOf(folded) };
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
  if (codePointLength(folded) >= TRIGRAM_LENGTH) {
    const organization = `organization : ${quoted(organizationToken(organizationId))}`;
    const columns = publicOnly ? "{name bio}" : "{name last_name bio}";
    return { index: memberSearch, query: `${organization} AND ${columns} : ${quoted(folded)}` };
  }
  // member_search_short leads each term with its organization: one list, this organization's matches.
  const columns = publicOnly ? "{public_terms}" : "{public_terms private_terms}";
  const term = `${organizationId}x${shortTermToken(folded)}`;
  return { index: memberSearchShort, query: `${columns} : ${quoted(term)}` };
}
