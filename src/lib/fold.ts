import { or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Folds text for case-insensitive substring search across all of Unicode.
 *
 * NFKC first, so composed and decomposed forms ("Å" and "A\u030A") and
 * compatibility variants compare equal. Upper-then-lower case mapping
 * approximates Unicode full case folding ("ß" and "SS" both become "ss"),
 * which toLowerCase() alone misses. The closing NFKC recomposes what case
 * mapping decomposed. Stored `*_search` columns and search terms both go
 * through this function, so they always compare like with like.
 */
export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

/**
 * True where any of the folded `*_search` columns contains `folded`, a term
 * already through foldForSearch (callers fold once and may need it folded too).
 * instr() is a literal substring test: no LIKE pattern limit, no wildcards to escape.
 * A placeholder is bound to the folded term.
 */
export function containsFoldedTerm(
  searchColumns: SQLiteColumn[],
  folded: string | Placeholder,
): SQL | undefined {
  return or(...searchColumns.map((column) => sql`instr(${column}, ${folded}) > 0`));
}
