import * as z from "zod";
import { isoInstant, email, fullName, phone } from "../peer-mentors/schemas.ts";
import { codePointLength } from "../text-length.ts";
import { safeText } from "../text/safe-text.ts";

/*
 * The import file format (README, "Import format"). Every collection is
 * optional; unknown collections and fields are rejected so that a typo is an
 * error, not silently dropped data.
 */

const recordId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const name = (max: number) => safeText().trim().min(1).max(max);
const optionalText = (max: number) =>
  safeText({ multiline: true })
    .refine((text) => codePointLength(text) <= max, {
      message: `must be at most ${max} characters`,
    })
    .nullable()
    .default(null);
const rating = z.number().min(0).max(5).default(0);
const counter = z.number().int().min(0).default(0);

// Zones already accepted: constructing a DateTimeFormat per record was most of
// the validation time of a large file. Only valid names are kept, so the set
// is bounded by the IANA database (about 600 names).
const knownTimeZones = new Set<string>();

const ianaTimeZone = z.string().refine(
  (zone) => {
    if (knownTimeZones.has(zone)) return true;
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
    } catch {
      return false;
    }
    knownTimeZones.add(zone);
    return true;
  },
  { message: "must be an IANA time zone such as Europe/Oslo" },
);

// A bare file name: it is appended to the assets URL, so no path or query parts.
const avatarFile = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/, {
    message: "must be a file name (letters, digits, . _ -)",
  })
  .nullable()
  .default(null);

const MAX_BIO_LENGTH = 600;

const organizationPublicId = z.string().regex(/^org_[a-z0-9]+$/, {
  message: "must be org_ followed by lowercase letters and digits",
});

const organizationRecord = z.strictObject({
  id: recordId,
  public_id: organizationPublicId,
  name: name(200),
});

const userRecord = z.strictObject({
  id: recordId,
  first_name: name(100),
  last_name: safeText().trim().max(100).nullable().default(null),
  time_zone: ianaTimeZone,
  about: optionalText(2000),
  avatar: avatarFile,
});

const preferenceRecord = z.strictObject({
  user_id: recordId,
  peer_support_interests: z.array(name(100)).max(50).default([]),
  availability: z.boolean().default(false),
  greetings: optionalText(1000),
  motivation: optionalText(2000),
  recovery_status: optionalText(2000),
});

const organizationMemberRecord = z.strictObject({
  id: recordId,
  organization_id: recordId,
  user_id: recordId,
  roles: z.array(name(50)).max(20).default([]),
  bio: optionalText(MAX_BIO_LENGTH),
  motivation: optionalText(2000),
  recovery_status: optionalText(2000),
  status: z.enum(["pending", "approved"]),
  rating,
  feedback_count: counter,
});

const peerSupporterRecord = z.strictObject({
  id: recordId,
  user_id: recordId,
  organization_id: recordId.nullable(),
  status: z.enum(["active", "closed"]),
  rating,
  ratings_count: counter,
});

// Moving an existing registry in: its ids and timestamps are kept; the status is derived.
const peerMentorRecord = z.strictObject({
  mentor_id: z.string().regex(/^mentor_[a-z0-9]+$/, {
    message: "must be mentor_ followed by lowercase letters and digits",
  }),
  org_id: organizationPublicId,
  full_name: fullName,
  email,
  phone: phone.default(null),
  is_hlf: z.boolean().default(false),
  is_paused: z.boolean().default(false),
  certification_expiry_date: isoInstant,
  created_at: isoInstant.optional(),
  updated_at: isoInstant.optional(),
});

export const datasetSchema = z.strictObject({
  organizations: z.array(organizationRecord).default([]),
  users: z.array(userRecord).default([]),
  preferences: z.array(preferenceRecord).default([]),
  organization_members: z.array(organizationMemberRecord).default([]),
  peer_supporters: z.array(peerSupporterRecord).default([]),
  peer_mentors: z.array(peerMentorRecord).default([]),
});

export type Dataset = z.output<typeof datasetSchema>;
