import { and, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { organizationMembers, users } from "../db/schema.ts";
import { containsFoldedTerm, foldForSearch } from "../search/fold.ts";
import { codePointLength } from "../text-length.ts";

// FTS5's trigram tokenizer indexes every run of three code points: a shorter term has none.
const TRIGRAM_LENGTH = 3;
// migrations/0011 indexes every run of two code points.
const PAIR_LENGTH = 2;

/**
 * Narrows a roster query (over organization_members, `inRoster` its other
 * conditions) to the members whose folded first name, last name or bio
 * contains the folded `search`: the same literal substring test as instr()
 * whichever way it is found, so a term's cost follows its matches:
 * - three code points or more: the trigram index (migrations/0007). The term
 *   is one quoted FTS5 phrase (quotes doubled), so none of its characters act
 *   as query syntax, and a phrase of trigrams matches exactly the texts
 *   containing it;
 * - two: the index of every two-code-point substring (migrations/0011), one
 *   lookup of the organization's term;
 * - one: instr() over the roster's folded texts, with users joined. A single
 *   letter matches most of a roster, so listing its matches from an index
 *   would cost more than the scan, which stops at each member's first hit.
 * The public roster searches only what it shows: no last names.
 */
export function searched<T extends SQLiteSelect>(
  query: T,
  inRoster: SQL | undefined,
  {
    organizationId,
    search,
    publicOnly,
  }: { organizationId: number; search: string; publicOnly: boolean },
) {
  const folded = foldForSearch(search);
  const length = codePointLength(folded);
  if (length >= TRIGRAM_LENGTH) {
    const phrase = `"${folded.replaceAll('"', '""')}"`;
    const match = publicOnly ? `{first_name bio} : ${phrase}` : phrase;
    return query.where(
      and(
        inRoster,
        sql`${organizationMembers.id} IN (SELECT rowid FROM member_search WHERE member_search MATCH ${match})`,
      ),
    );
  }
  if (length === PAIR_LENGTH) {
    return query.where(
      and(
        inRoster,
        sql`${organizationMembers.id} IN (SELECT member_id FROM member_search_short
        WHERE organization_id = ${organizationId} AND term = ${folded}${publicOnly ? sql` AND public = 1` : sql``})`,
      ),
    );
  }
  const texts = publicOnly
    ? [users.firstNameSearch, organizationMembers.bioSearch]
    : [users.firstNameSearch, users.lastNameSearch, organizationMembers.bioSearch];
  return query
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(and(inRoster, containsFoldedTerm(texts, folded)));
}
