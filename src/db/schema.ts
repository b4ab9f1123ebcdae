/*
 * Every table, one place to import them from (and drizzle-kit's schema:
 * drizzle.config.ts), kept in one file per area under ./tables/.
 *
 * The `*_search` columns hold the case-folded form of a searchable text
 * (see src/lib/fold.ts). SQLite folds ASCII only, so the folding happens
 * in the Worker's JavaScript when a row is written; the v1 registry's search
 * compares folded text with instr(), the v2 roster's reads the indexes built
 * from them and from the `*_terms` columns (src/peer-supporters/roster/search-index.ts).
 */

export * from "./tables/organizations.ts";
export * from "./tables/directory.ts";
export * from "./tables/mentors.ts";
export * from "./tables/outbox.ts";
export * from "./tables/imports.ts";
export * from "./tables/requests.ts";
export * from "./tables/console.ts";
