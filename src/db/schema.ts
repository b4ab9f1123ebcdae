import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/*
 * The `*_search` columns hold the case-folded form of a searchable text
 * (see src/search/fold.ts). SQLite folds ASCII only, so the folding happens
 * in the Worker's JavaScript when a row is written, and search compares
 * folded text with instr().
 */

export const organizations = sqliteTable("organizations", {
  id: integer("id").primaryKey(),
  publicId: text("public_id").notNull().unique(),
  name: text("name").notNull(),
});

export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  firstName: text("first_name").notNull(),
  lastName: text("last_name"),
  timeZone: text("time_zone").notNull(),
  about: text("about"),
  avatar: text("avatar"),
  firstNameSearch: text("first_name_search").notNull(),
  lastNameSearch: text("last_name_search").notNull(),
});

export const preferences = sqliteTable("preferences", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  peerSupportInterests: text("peer_support_interests", { mode: "json" })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  availability: integer("availability", { mode: "boolean" }).notNull().default(false),
  greetings: text("greetings"),
  motivation: text("motivation"),
  recoveryStatus: text("recovery_status"),
});

export const organizationMembers = sqliteTable(
  "organization_members",
  {
    id: integer("id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    bio: text("bio"),
    motivation: text("motivation"),
    recoveryStatus: text("recovery_status"),
    status: text("status", { enum: ["pending", "approved"] }).notNull(),
    rating: real("rating").notNull().default(0),
    feedbackCount: integer("feedback_count").notNull().default(0),
    bioSearch: text("bio_search").notNull(),
  },
  (table) => [
    // Serves "members of one organization ordered by id": SQLite appends the
    // rowid (our id) to every index entry, so no sort step is needed.
    index("organization_members_organization_id_idx").on(table.organizationId),
    uniqueIndex("organization_members_organization_user_uq").on(table.organizationId, table.userId),
  ],
);

export const organizationMemberRoles = sqliteTable(
  "organization_member_roles",
  {
    organizationMemberId: integer("organization_member_id")
      .notNull()
      .references(() => organizationMembers.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationMemberId, table.role] })],
);

export const peerSupporters = sqliteTable(
  "peer_supporters",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // NULL marks a platform-level profile; a value ties the profile to one organization.
    organizationId: integer("organization_id").references(() => organizations.id, {
      onDelete: "cascade",
    }),
    status: text("status", { enum: ["active", "closed"] }).notNull(),
    rating: real("rating").notNull().default(0),
    ratingsCount: integer("ratings_count").notNull().default(0),
  },
  (table) => [
    // At most one active platform-level profile per user; also the index the
    // directory's join uses.
    uniqueIndex("peer_supporters_active_platform_user_uq")
      .on(table.userId)
      .where(sql`${table.organizationId} IS NULL AND ${table.status} = 'active'`),
    index("peer_supporters_user_id_idx").on(table.userId),
  ],
);
