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
