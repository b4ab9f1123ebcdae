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
import { peerMentors, STATUS_CHANGE_ACTORS, type StatusChangeActor } from "./mentors.ts";
import { organizations } from "./organizations.ts";

/* The v2 directory's people, memberships and profiles. */

export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  firstName: text("first_name").notNull(),
  lastName: text("last_name"),
  timeZone: text("time_zone").notNull(),
  about: text("about"),
  avatar: text("avatar"),
  firstNameSearch: text("first_name_search").notNull(),
  lastNameSearch: text("last_name_search").notNull(),
  /** The roster's short-term search index reads these (src/peer-supporters/roster/short-terms.ts). */
  firstNameTerms: text("first_name_terms").notNull().default(""),
  lastNameTerms: text("last_name_terms").notNull().default(""),
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
    bioTerms: text("bio_terms").notNull().default(""),
    // Derived from the member's roles when they are written (the import writes
    // both in one batch), so the directory counts and pages its roster on an
    // index without a lookup in organization_member_roles per member.
    isPeerSupporter: integer("is_peer_supporter", { mode: "boolean" }).notNull().default(false),
    // The person's "hide my profile" switch; each change is kept in member_listing_changes.
    listed: integer("listed", { mode: "boolean" }).notNull().default(true),
    /** The organization's own topic labels for this member, a JSON array. */
    topics: text("topics", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // The member's certification in the registry: an expired or paused mentor
    // keeps the member off the public roster (src/peer-supporters/public/visibility.ts).
    mentorId: text("mentor_id").references(() => peerMentors.mentorId, { onDelete: "set null" }),
    /** A random token every API write replaces, as peer_mentors.revision: what If-Match is checked against. */
    revision: text("revision").notNull().default(""),
    /** Who made the last change through the API or the console (null: before this was kept, or the import). */
    updatedBy: text("updated_by", { mode: "json" }).$type<StatusChangeActor>(),
  },
  (table) => [
    // Serves "an organization's peer supporters ordered by id": SQLite appends
    // the rowid (our id) to every index entry, so no sort step is needed.
    index("organization_members_roster_idx").on(table.organizationId, table.isPeerSupporter),
    uniqueIndex("organization_members_organization_user_uq").on(table.organizationId, table.userId),
    // A user's memberships: the search index's rename trigger and the foreign key look them up.
    index("organization_members_user_idx").on(table.userId),
    // One member per mentor; also the child-side index of the foreign key.
    uniqueIndex("organization_members_mentor_uq").on(table.mentorId),
  ],
);

/** Every change of a member's `listed`, with when and by whom: a key, a console member, the import. */
export const memberListingChanges = sqliteTable(
  "member_listing_changes",
  {
    id: integer("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => organizationMembers.id, { onDelete: "cascade" }),
    listed: integer("listed", { mode: "boolean" }).notNull(),
    source: text("source", { enum: ["api", "import"] }).notNull(),
    /** The token id of the key that made an API change; null for the import. */
    keyId: text("key_id"),
    changedAt: text("changed_at").notNull(),
    /** As peer_mentor_status_changes' actor: null on changes recorded before actors were. */
    actorKind: text("actor_kind", { enum: STATUS_CHANGE_ACTORS }),
    actorId: text("actor_id"),
    /** The member's display name or the key's label then (a removed member's is erased). */
    actorName: text("actor_name"),
  },
  (table) => [index("member_listing_changes_member_idx").on(table.memberId, table.id)],
);

/**
 * The last id the API gave out per table (users, organization_members): a
 * new id is one more than both it and the table's largest, so an id is never
 * given to a second person after the first is deleted.
 */
export const idAllocations = sqliteTable("id_allocations", {
  tableName: text("table_name").primaryKey(),
  lastId: integer("last_id").notNull(),
});

/** What an organization's public roster shows beyond the always-public fields. */
export const publicRosterSettings = sqliteTable("public_roster_settings", {
  organizationId: integer("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  showRecoveryStatus: integer("show_recovery_status", { mode: "boolean" }).notNull().default(false),
  showMotivation: integer("show_motivation", { mode: "boolean" }).notNull().default(true),
  /** Where a hosted profile's contact link goes: an http(s) URL, `{id}` standing for the member's id. */
  contactUrl: text("contact_url"),
  updatedAt: text("updated_at").notNull(),
  /** Who saved them last (null: before this was kept). */
  updatedBy: text("updated_by", { mode: "json" }).$type<StatusChangeActor>(),
  /** Counts the saves: the console's form carries it against lost updates (updated_at has whole seconds only). */
  revision: integer("revision").notNull().default(1),
});

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
    // Foreign keys need an index on the child side, or deleting an organization scans the table.
    index("peer_supporters_organization_idx").on(table.organizationId),
  ],
);
