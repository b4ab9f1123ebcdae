import * as z from "zod";
import { MENTOR_STATUSES, STATUS_CHANGE_ACTORS, STATUS_CHANGE_SOURCES } from "../db/schema.ts";
import { unlessMissing } from "../http/errors.ts";
import { parsePageNumber, parsePageSize } from "../http/pagination.ts";
import {
  documentedAs,
  firstValue,
  pageParameter,
  pageSizeParameter,
  searchTerm,
} from "../http/query-params.ts";
import { emailAddress } from "../lib/email-address.ts";
import { safeText } from "../lib/safe-text.ts";
import { isoSeconds } from "../lib/time.ts";
import { timestampSchema } from "../http/timestamp-schema.ts";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_REASON_LENGTH = 500;

export const fullName = safeText().trim().min(1).max(200);
/** An email address: one rule for every address stored (src/lib/email-address.ts). */
export const email = emailAddress;
export const phone = z
  .string()
  .regex(/^(?=.*\d)[0-9 +\-()]{5,32}$/, {
    message: "must be 5 to 32 characters of digits, spaces, + - ( ), with digits",
  })
  .nullable();

/*
 * The instants a certification can have, in UTC. Any wider, and an offset can
 * carry a valid input past a four-digit year ("9999-12-31T23:59:59-14:00" is
 * year 10000 in UTC), which no RFC 3339 date-time can show.
 */
export const EARLIEST_INSTANT = "2000-01-01T00:00:00Z";
export const LATEST_INSTANT = "2199-12-31T23:59:59Z";
const INSTANT_RANGE = `must be between ${EARLIEST_INSTANT.slice(0, 10)} and ${LATEST_INSTANT.slice(0, 10)} (UTC)`;

/**
 * "2027-06-01" or an RFC 3339 date-time with an offset; stored and shown in
 * UTC as "2027-06-01T00:00:00Z", so only instants within the range above.
 */
export const isoInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: unlessMissing("must be an ISO date (2027-06-01) or date-time (2027-06-01T00:00:00Z)"),
  })
  .meta({
    description: `An ISO date (midnight UTC) or an RFC 3339 date-time; ${INSTANT_RANGE}. Stored and answered in UTC with second precision.`,
  })
  .transform((value) => isoSeconds(new Date(value.length === 10 ? `${value}T00:00:00Z` : value)))
  // Same-length ISO strings in UTC compare in time order.
  .refine((instant) => instant >= EARLIEST_INSTANT && instant <= LATEST_INSTANT, INSTANT_RANGE);

/** The token's organization, by public id; checked against the token in the route (403). */
const orgId = safeText().min(1);

export const createMentorBody = z.strictObject({
  full_name: fullName,
  email,
  phone: phone.optional().default(null),
  org_id: orgId.optional(),
  is_hlf: z.boolean().default(false),
  certification_expiry_date: isoInstant,
});

export const updateMentorBody = z
  .strictObject({
    full_name: fullName.optional(),
    email: email.optional(),
    phone: phone.optional(),
    is_hlf: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: "give at least one of full_name, email, phone, is_hlf",
  });

export const statusChangeBody = z.strictObject({
  status: z.enum(["active", "paused", "expired"], {
    error: unlessMissing("must be active, paused or expired"),
  }),
  reason: safeText({ multiline: true })
    .trim()
    .max(MAX_REASON_LENGTH)
    .nullable()
    .optional()
    .transform((reason) => reason || null),
});

export const expiryChangeBody = z.strictObject({ expiry_date: isoInstant });

/** Every value of a query parameter, repeated or not. */
const allValues = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat()));

// status=warning,expired and status=warning&status=expired alike.
const statusList = allValues.transform((values, ctx) => {
  const statuses = values
    .flatMap((value) => value.split(","))
    .map((status) => status.trim())
    .filter(Boolean);
  const unknown = statuses.filter(
    (status) => !(MENTOR_STATUSES as readonly string[]).includes(status),
  );
  if (unknown.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `unknown status ${unknown.join(", ")}; use ${MENTOR_STATUSES.join(", ")}`,
    });
    return z.NEVER;
  }
  return statuses.length > 0 ? (statuses as (typeof MENTOR_STATUSES)[number][]) : undefined;
});

export const LIST_SORTS = ["certification_expiry_date", "-certification_expiry_date"] as const;
export const MAX_EXPIRES_WITHIN_DAYS = 3650;

const sortParameter = documentedAs(
  firstValue.pipe(z.enum(LIST_SORTS, { error: `must be ${LIST_SORTS.join(" or ")}` }).optional()),
  {
    type: "string",
    enum: [...LIST_SORTS],
    description:
      "`certification_expiry_date`: soonest expiry first; `-certification_expiry_date`: latest first (ties by `mentor_id`). Without it, the list is ordered by `created_at`, then `mentor_id`.",
  },
);

const expiresWithinParameter = documentedAs(
  firstValue.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, {
        error: `must be a whole number of days from 0 to ${String(MAX_EXPIRES_WITHIN_DAYS)}`,
      })
      .transform(Number)
      .refine((days) => days <= MAX_EXPIRES_WITHIN_DAYS, {
        error: `must be a whole number of days from 0 to ${String(MAX_EXPIRES_WITHIN_DAYS)}`,
      })
      .optional(),
  ),
  {
    type: "integer",
    minimum: 0,
    maximum: MAX_EXPIRES_WITHIN_DAYS,
    description:
      "Only mentors whose `days_until_expiry` (whole UTC calendar days) is from 0 to this: expiring today or within the next N days, not those already past. Anything else is a 400.",
  },
);

/** The list's parameters; any other is a 400 naming it (a typo such as `staus` must not list everyone). */
export const listMentorsQuery = z
  .strictObject({
    org_id: documentedAs(firstValue, {
      type: "string",
      description:
        "The organization's public id (`org_x9y8z7`); another organization than the key's is a 403. Optional.",
    }),
    page: pageParameter,
    limit: pageSizeParameter("Mentors", { fallback: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }),
    status: documentedAs(statusList, {
      type: "array",
      items: { type: "string", enum: [...MENTOR_STATUSES] },
      description:
        "Only mentors with one of these statuses: repeat the parameter, or separate them with commas (`status=warning,expired`). An unknown status is a 400.",
    }),
    q: documentedAs(searchTerm, {
      type: "string",
      maxLength: 200,
      description:
        "Case-insensitive substring of the name or email, across all of Unicode. Trimmed; blank means no filter; over 200 characters (code points) is a 400.",
    }),
    sort: sortParameter,
    expires_within_days: expiresWithinParameter,
  })
  .transform(({ org_id, page, limit, status, q, sort, expires_within_days }) => ({
    orgId: org_id?.trim() || undefined,
    page: parsePageNumber(page),
    limit: parsePageSize(limit, { fallback: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }),
    paged: page !== undefined || limit !== undefined,
    statuses: status,
    search: q,
    sort,
    expiresWithinDays: expires_within_days,
  }));

const mentorStatus = z.enum(MENTOR_STATUSES);

/** A list item: the full record without the phone number. */
const mentorListItemSchema = z.strictObject({
  mentor_id: z.string(),
  full_name: z.string(),
  email: z.string(),
  org_id: z.string(),
  status: mentorStatus,
  is_hlf: z.boolean(),
  is_paused: z.boolean(),
  certification_expiry_date: timestampSchema,
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type MentorListItem = z.output<typeof mentorListItemSchema>;

/** The full record, as GET one, POST and PUT answer it. */
export const mentorSchema = mentorListItemSchema.extend({ phone: z.string().nullable() });
export type Mentor = z.output<typeof mentorSchema>;

export const mentorListSchema = z.strictObject({
  data: z.array(mentorListItemSchema),
  pagination: z.strictObject({
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
  }),
});

export const mentorDeletedSchema = z.strictObject({
  deleted: z.literal(true),
  mentor_id: z.string(),
});

export const statusChangedSchema = z.strictObject({
  mentor_id: z.string(),
  status: mentorStatus,
  is_paused: z.boolean(),
  updated_at: timestampSchema,
});

export const expiryChangedSchema = z.strictObject({
  mentor_id: z.string(),
  certification_expiry_date: timestampSchema,
  status: mentorStatus,
  days_until_expiry: z.number().int(),
  updated_at: timestampSchema,
});

/** Who made a recorded change: the status history's and the roster's listing history's. */
export const changedBySchema = z
  .strictObject({
    kind: z.enum(STATUS_CHANGE_ACTORS).meta({
      description:
        "`api_key` (a request with a secret key), `console_member` (a change in the coordinator console), `hourly_job` or `import`.",
    }),
    id: z
      .string()
      .nullable()
      .meta({ description: "The key's id (`tok_…`) or the member's id; null for the others." }),
    name: z.string().nullable().meta({
      description: "The key's label or the member's display name at the time of the change.",
    }),
  })
  .nullable()
  .meta({ description: "Who made the change; null for changes recorded before this was." });

const statusChangeSchema = z.strictObject({
  from_status: mentorStatus,
  to_status: mentorStatus,
  reason: z.string().nullable(),
  source: z.enum(STATUS_CHANGE_SOURCES),
  changed_at: timestampSchema,
  changed_by: changedBySchema,
});
export type StatusChange = z.output<typeof statusChangeSchema>;

export const statusHistorySchema = z.strictObject({
  mentor_id: z.string(),
  data: z.array(statusChangeSchema),
});

export const mentorIdParam = z.object({
  mentor_id: z.string().meta({ description: "The mentor's id, `mentor_…`." }),
});
