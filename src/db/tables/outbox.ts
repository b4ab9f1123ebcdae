import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { peerMentors, type StatusChangeActor } from "./mentors.ts";
import { organizations } from "./organizations.ts";

/* What goes out: webhook endpoints, events and deliveries; notification settings and emails. */

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
    // One row per attempt and outcome: a retried write of the same attempt adds nothing.
    uniqueIndex("webhook_deliveries_attempt_uq").on(
      table.webhookId,
      table.eventId,
      table.attempt,
      table.outcome,
    ),
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
  /** Counts the saves: the console's form carries it against lost updates. */
  revision: integer("revision").notNull().default(1),
  /** Who saved them last (null: before this was kept, or a script). */
  updatedBy: text("updated_by", { mode: "json" }).$type<StatusChangeActor>(),
});

export const EMAIL_KINDS = [
  "mentor_reminder",
  "coordinator_reminder",
  "mentor_expired",
  "coordinator_expired",
  "weekly_digest",
  "console_sign_in",
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
