import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { organizations } from "./organizations.ts";

/* The v1 registry: mentors, their status history and the reminders sent. */

export const MENTOR_STATUSES = ["active", "warning", "expired", "paused"] as const;
export type MentorStatus = (typeof MENTOR_STATUSES)[number];

/** Who changed a status: a request, the hourly refresh, or the import (scripts/db-import.ts). */
export const STATUS_CHANGE_SOURCES = ["api", "cron", "import"] as const;
export type StatusChangeSource = (typeof STATUS_CHANGE_SOURCES)[number];

/** Who made a status change: a console member, an API key, the hourly job, or the import. */
export const STATUS_CHANGE_ACTORS = ["console_member", "api_key", "hourly_job", "import"] as const;
export type StatusChangeActorKind = (typeof STATUS_CHANGE_ACTORS)[number];
/** The member's id and name, or the key's id and label, as they were at the change. */
export type StatusChangeActor =
  | { kind: "console_member" | "api_key"; id: string; name: string | null }
  | { kind: "hourly_job" | "import" };

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
    /**
     * A random token every write replaces: a write is conditional on the
     * token it read (no lost update), and a retried write knows its own.
     */
    revision: text("revision").notNull().default(""),
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
    source: text("source", { enum: STATUS_CHANGE_SOURCES }).notNull(),
    changedAt: text("changed_at").notNull(),
    /** Null on changes recorded before actors were. */
    actorKind: text("actor_kind", { enum: STATUS_CHANGE_ACTORS }),
    actorId: text("actor_id"),
    /** The member's display name or the key's label then: history keeps what it showed. */
    actorName: text("actor_name"),
  },
  (table) => [
    index("peer_mentor_status_changes_mentor_idx").on(table.mentorId, table.id),
    // The cron's summary of one run: its changes, found by their shared timestamp.
    index("peer_mentor_status_changes_changed_at_idx").on(table.changedAt),
  ],
);

/**
 * The threshold that marks the expiry notice itself (the mentor moved to
 * `expired`): reminder thresholds are whole days, 1 or more.
 */
export const EXPIRY_NOTICE_THRESHOLD = 0;

/**
 * Reminders already sent: one per mentor, expiry date and threshold; and the
 * expiry notice, one per mentor and expiry date (EXPIRY_NOTICE_THRESHOLD).
 */
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
