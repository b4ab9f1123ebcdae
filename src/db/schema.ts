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
    // The person's "hide my profile" switch; each change is kept in member_listing_changes.
    listed: integer("listed", { mode: "boolean" }).notNull().default(true),
    /** The organization's own topic labels for this member, a JSON array. */
    topics: text("topics", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // The member's certification in the registry: an expired or paused mentor
    // keeps the member off the public roster (src/peer-supporters/visibility.ts).
    mentorId: text("mentor_id").references(() => peerMentors.mentorId, { onDelete: "set null" }),
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

/** Every change of a member's `listed`, with when and by which key (or the import). */
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
  updatedAt: text("updated_at").notNull(),
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
    // The cron's reminders look at the mentors whose expiry is near.
    index("peer_mentors_expiry_idx").on(table.certificationExpiryDate),
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

export const WEBHOOK_EVENT_TYPES = [
  "peer_mentor.status_changed",
  "peer_mentor.certification_expiring",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An organization's subscribed URL, and the secret its deliveries are signed with. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    webhookId: text("webhook_id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** A JSON array of event types. */
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    // HMAC needs the secret itself, so it cannot be stored as a hash like API keys.
    secret: text("secret").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("webhook_endpoints_organization_idx").on(table.organizationId)],
);

/**
 * The outbox: every event, written in the same batch as the change that
 * caused it. `enqueued_at` is null until the event is on the queue, so the
 * cron can hand on what a failed enqueue left behind.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    eventId: text("event_id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    mentorId: text("mentor_id")
      .notNull()
      .references(() => peerMentors.mentorId, { onDelete: "cascade" }),
    type: text("type", { enum: WEBHOOK_EVENT_TYPES }).notNull(),
    /** The event's `data`, as JSON text: its delivered body is built around it unchanged. */
    data: text("data").notNull(),
    createdAt: text("created_at").notNull(),
    enqueuedAt: text("enqueued_at"),
  },
  (table) => [
    index("webhook_events_mentor_idx").on(table.mentorId),
    index("webhook_events_organization_idx").on(table.organizationId),
    index("webhook_events_unqueued_idx").on(table.enqueuedAt, table.createdAt),
  ],
);

/** One delivery attempt of one event to one endpoint. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhookEndpoints.webhookId, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.eventId, { onDelete: "cascade" }),
    eventType: text("event_type", { enum: WEBHOOK_EVENT_TYPES }).notNull(),
    attempt: integer("attempt").notNull(),
    /** delivered, retrying, or failed (past the last retry). */
    outcome: text("outcome", { enum: ["delivered", "retrying", "failed"] }).notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    attemptedAt: text("attempted_at").notNull(),
  },
  (table) => [
    index("webhook_deliveries_webhook_idx").on(table.webhookId, table.id),
    index("webhook_deliveries_event_idx").on(table.eventId),
  ],
);

/** Reminders already sent: one per mentor, expiry date and threshold. */
export const certificationReminders = sqliteTable(
  "certification_reminders",
  {
    mentorId: text("mentor_id")
      .notNull()
      .references(() => peerMentors.mentorId, { onDelete: "cascade" }),
    certificationExpiryDate: text("certification_expiry_date").notNull(),
    thresholdDays: integer("threshold_days").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.mentorId, table.certificationExpiryDate, table.thresholdDays] }),
  ],
);

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

export const NOTIFICATION_LANGUAGES = ["nb", "en"] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/**
 * An organization's email notifications and reminder thresholds. No row: no
 * emails, and REMINDER_DAYS as thresholds (src/jobs/certification-reminders.ts).
 */
export const notificationSettings = sqliteTable("notification_settings", {
  organizationId: integer("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** A JSON array of addresses, lowercased. */
  coordinatorEmails: text("coordinator_emails", { mode: "json" }).$type<string[]>().notNull(),
  mentorReminders: integer("mentor_reminders", { mode: "boolean" }).notNull(),
  /** A JSON array of whole days, largest first. */
  reminderDays: text("reminder_days", { mode: "json" }).$type<number[]>().notNull(),
  language: text("language", { enum: NOTIFICATION_LANGUAGES }).notNull(),
  weeklyDigest: integer("weekly_digest", { mode: "boolean" }).notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const EMAIL_KINDS = [
  "mentor_reminder",
  "coordinator_reminder",
  "mentor_expired",
  "coordinator_expired",
  "weekly_digest",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const EMAIL_STATUSES = ["pending", "sent", "failed", "cancelled"] as const;

/**
 * The email outbox, and then its delivery record: written in the same batch
 * as what caused it, rendered and sent by the queue consumer. `data` (the
 * template's input, names included) is cleared once the email is sent, failed
 * or cancelled; what stays is who it went to, its subject and its outcome.
 */
export const emails = sqliteTable(
  "emails",
  {
    emailId: text("email_id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: EMAIL_KINDS }).notNull(),
    /** The mentor a mentor_* email goes to; erasing them clears it and their address. */
    mentorId: text("mentor_id"),
    /** A JSON array of addresses. */
    recipients: text("recipients", { mode: "json" }).$type<string[]>().notNull(),
    language: text("language", { enum: NOTIFICATION_LANGUAGES }).notNull(),
    subject: text("subject").notNull(),
    /** The kind's template data as JSON text (src/outbox/event-data.ts); null once final. */
    data: text("data"),
    status: text("status", { enum: EMAIL_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    messageId: text("message_id"),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    enqueuedAt: text("enqueued_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    index("emails_organization_idx").on(table.organizationId, table.createdAt),
    index("emails_mentor_idx").on(table.mentorId),
    index("emails_unqueued_idx").on(table.enqueuedAt, table.createdAt),
  ],
);

/** Weekly digests written: one per organization and ISO week, so a week's digest goes once. */
export const weeklyDigests = sqliteTable(
  "weekly_digests",
  {
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** "2027-W02", the ISO week of the Monday in Europe/Oslo. */
    isoWeek: text("iso_week").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.isoWeek] })],
);
