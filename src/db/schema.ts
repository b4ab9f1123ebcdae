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

/** The role that puts an organization member in the peer supporters directory. */
export const PEER_SUPPORTER_ROLE = "peer_supporter";

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
    // Derived from the member's roles when they are written (the import writes
    // both in one batch), so the directory counts and pages its roster on an
    // index without a lookup in organization_member_roles per member.
    isPeerSupporter: integer("is_peer_supporter", { mode: "boolean" }).notNull().default(false),
  },
  (table) => [
    // Serves "an organization's peer supporters ordered by id": SQLite appends
    // the rowid (our id) to every index entry, so no sort step is needed.
    index("organization_members_roster_idx").on(table.organizationId, table.isPeerSupporter),
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

export const MENTOR_STATUSES = ["active", "warning", "expired", "paused"] as const;
export type MentorStatus = (typeof MENTOR_STATUSES)[number];

export const peerMentors = sqliteTable(
  "peer_mentors",
  {
    mentorId: text("mentor_id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fullName: text("full_name").notNull(),
    email: text("email").notNull(),
    phone: text("phone"),
    isHlf: integer("is_hlf", { mode: "boolean" }).notNull().default(false),
    // The three stored facts the status is derived from (src/peer-mentors/status-rules.ts).
    isPaused: integer("is_paused", { mode: "boolean" }).notNull().default(false),
    isManuallyExpired: integer("is_manually_expired", { mode: "boolean" }).notNull().default(false),
    // Always "YYYY-MM-DDTHH:MM:SSZ", so text order is time order.
    certificationExpiryDate: text("certification_expiry_date").notNull(),
    status: text("status", { enum: MENTOR_STATUSES }).notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    fullNameSearch: text("full_name_search").notNull(),
    emailSearch: text("email_search").notNull(),
  },
  (table) => [
    uniqueIndex("peer_mentors_organization_email_uq").on(table.organizationId, table.email),
    // The list's order: created_at, then mentor_id, within one organization.
    index("peer_mentors_organization_created_idx").on(
      table.organizationId,
      table.createdAt,
      table.mentorId,
    ),
    index("peer_mentors_organization_status_idx").on(table.organizationId, table.status),
  ],
);

export const peerMentorStatusChanges = sqliteTable(
  "peer_mentor_status_changes",
  {
    id: integer("id").primaryKey(),
    mentorId: text("mentor_id")
      .notNull()
      .references(() => peerMentors.mentorId, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: MENTOR_STATUSES }).notNull(),
    toStatus: text("to_status", { enum: MENTOR_STATUSES }).notNull(),
    reason: text("reason"),
    source: text("source", { enum: ["api", "cron"] }).notNull(),
    changedAt: text("changed_at").notNull(),
  },
  (table) => [
    index("peer_mentor_status_changes_mentor_idx").on(table.mentorId, table.id),
    // The cron's summary of one run: its changes, found by their shared timestamp.
    index("peer_mentor_status_changes_changed_at_idx").on(table.changedAt),
  ],
);
