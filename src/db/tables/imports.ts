import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * An import's records, staged in JSON chunks of at most ~1 MB each (one D1
 * call apiece) before one batch copies them into their tables: so a file far
 * larger than one D1 call can carry still lands all at once or not at all
 * (src/import/import-dataset.ts). Rows live here only while an import runs.
 */
export const importChunks = sqliteTable(
  "import_chunks",
  {
    importId: text("import_id").notNull(),
    collection: text("collection").notNull(),
    chunk: integer("chunk").notNull(),
    /** A JSON array of rows, each an array of driver values in the table's column order. */
    rows: text("rows").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.importId, table.collection, table.chunk] }),
    // Each import first clears the chunks a crashed one left behind, by age.
    index("import_chunks_created_idx").on(table.createdAt),
  ],
);
