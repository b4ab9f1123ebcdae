import * as z from "zod";
import {
  MENTOR_STATUSES,
  STATUS_CHANGE_SOURCES,
  type EmailKind,
  type WebhookEventType,
} from "../db/schema.ts";

/*
 * The `data` of every outbox row: each webhook event type and each email
 * kind has one schema here. The API writes some rows in JavaScript and the
 * cron writes others with json_object() in SQL; tests parse both writers'
 * output with these schemas, strictly, so the two cannot drift apart.
 */

const instant = z.iso.datetime({ offset: false, precision: 0 });
const mentorStatus = z.enum(MENTOR_STATUSES);
const wholeDays = z.number().int();

export const webhookEventData = {
  "peer_mentor.status_changed": z.strictObject({
    mentor_id: z.string(),
    org_id: z.string(),
    from_status: mentorStatus,
    to_status: mentorStatus,
    source: z.enum(STATUS_CHANGE_SOURCES),
    changed_at: instant,
    reason: z.string().optional(),
  }),
  "peer_mentor.certification_expiring": z.strictObject({
    mentor_id: z.string(),
    org_id: z.string(),
    certification_expiry_date: instant,
    days_until_expiry: wholeDays,
    threshold_days: wholeDays,
  }),
} satisfies Record<WebhookEventType, z.ZodType>;

const expiringMentor = z.strictObject({
  mentor_id: z.string(),
  full_name: z.string(),
  certification_expiry_date: instant,
  days_until_expiry: wholeDays,
  threshold_days: wholeDays,
});

const expiredMentor = z.strictObject({
  mentor_id: z.string(),
  full_name: z.string(),
  certification_expiry_date: instant,
});

const digestMentor = z.strictObject({
  mentor_id: z.string(),
  full_name: z.string(),
  status: z.enum(["warning", "expired"]),
  certification_expiry_date: instant,
  days_until_expiry: wholeDays,
});

/** A list in an email: the first MAX_LISTED_MENTORS entries, and how many there are in all. */
const listOf = <T extends z.ZodType>(item: T) => ({
  mentors: z.array(item),
  total: z.number().int(),
});

const organizationName = z.string();
/** Where the mentor can turn: the organization's coordinators (possibly none). */
const contacts = z.array(z.string());

export const emailData = {
  mentor_reminder: expiringMentor.extend({ organization_name: organizationName, contacts }),
  coordinator_reminder: z.strictObject({
    organization_name: organizationName,
    ...listOf(expiringMentor),
  }),
  mentor_expired: expiredMentor.extend({ organization_name: organizationName, contacts }),
  coordinator_expired: z.strictObject({
    organization_name: organizationName,
    ...listOf(expiredMentor),
  }),
  weekly_digest: z.strictObject({
    organization_name: organizationName,
    iso_week: z.string().regex(/^\d{4}-W\d{2}$/),
    counts: z.strictObject(
      Object.fromEntries(MENTOR_STATUSES.map((status) => [status, z.number().int()])) as Record<
        (typeof MENTOR_STATUSES)[number],
        z.ZodNumber
      >,
    ),
    ...listOf(digestMentor),
  }),
  // The link carries the sign-in token: the row holds it only until sent (finishEmail clears data).
  console_sign_in: z.strictObject({
    organization_name: organizationName,
    link: z.url({ protocol: /^https?$/ }),
    valid_minutes: z.number().int().positive(),
  }),
} satisfies Record<EmailKind, z.ZodType>;

export type EmailData<K extends EmailKind> = z.output<(typeof emailData)[K]>;

/** How many mentors an email lists at most; the rest are counted ("and 12 more"). */
export const MAX_LISTED_MENTORS = 200;
