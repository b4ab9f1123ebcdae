import { sql, type SQL } from "drizzle-orm";
import { foldForSearch } from "../search/fold.ts";
import { codePointLength } from "../text-length.ts";

// FTS5's trigram tokenizer indexes every run of three code points: a shorter term has none.
const TRIGRAM_LENGTH = 3;

/**
 * The ids of the organization's members whose folded first name, last name
 * or bio contains the folded `search`, from one of two indexes that give the
 * same literal substring test as instr(), so a term's cost follows its
 * matches, not the roster:
 * - three code points or more: the trigram index (migrations/0007). The term
 *   is one quoted FTS5 phrase (quotes doubled), so none of its characters act
 *   as query syntax, and a phrase of trigrams matches exactly the texts
 *   containing it;
 * - one or two: the index of every one- and two-code-point substring
 *   (migrations/0011), one lookup of the term.
 * The public roster searches only what it shows: no last names.
 */
export function memberIdsMatching(
  organizationId: number,
  search: string,
  publicOnly: boolean,
): SQL {
  const folded = foldForSearch(search);
  if (codePointLength(folded) >= TRIGRAM_LENGTH) {
    const phrase = `"${folded.replaceAll('"', '""')}"`;
    const query = publicOnly ? `{first_name bio} : ${phrase}` : phrase;
    return sql`(SELECT rowid FROM member_search WHERE member_search MATCH ${query})`;
  }
  return sql`(SELECT member_id FROM member_search_short
    WHERE organization_id = ${organizationId} AND term = ${folded}${publicOnly ? sql` AND public = 1` : sql``})`;
}
