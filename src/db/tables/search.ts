import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * The numbers 1 to MAX_SEARCH_POSITION, one row each (filled by
 * migrations/0013_organization_search_index.sql): the short-term index's
 * view joins a folded text with them to cut it into every one- and
 * two-code-point substring, which a trigger cannot do with a recursive CTE
 * as fast. Must reach past the longest folded text (test/search-index.test.ts).
 */
export const searchPositions = sqliteTable("search_positions", {
  n: integer("n").primaryKey(),
});
