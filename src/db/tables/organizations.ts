import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const organizations = sqliteTable("organizations", {
  id: integer("id").primaryKey(),
  publicId: text("public_id").notNull().unique(),
  name: text("name").notNull(),
});
