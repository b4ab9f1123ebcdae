import * as z from "zod";
import { isoInstant, email, fullName, phone } from "../peer-mentors/schemas.ts";
import {
  about,
  avatarFile,
  bio,
  firstName,
  ianaTimeZone,
  lastName,
  MAX_INTEREST_LENGTH,
  memberStatus,
  mentorId,
  motivation,
  optionalText,
  recoveryStatus,
  requiredName,
  topics,
} from "../peer-supporters/roster/fields.ts";

/*
 * The import file format (docs/import.md). Every collection is
 * optional; unknown collections and fields are rejected so that a typo is an
 * error, not silently dropped data.
 */

/**
 * Ids up to 2^52: half of what JSON numbers carry exactly, so the ids the API
 * gives out after them (one more each time) stay exact too.
 */
export const MAX_RECORD_ID = 2 ** 52;
const recordId = z.number().int().positive().max(MAX_RECORD_ID);
const rating = z.number().min(0).max(5).default(0);
const counter = z.number().int().min(0).default(0);

const organizationPublicId = z.string().regex(/^org_[a-z0-9]+$/, {
  message: "must be org_ followed by lowercase letters and digits",
});

const organizationRecord = z.strictObject({
  id: recordId,
  public_id: organizationPublicId,
  name: requiredName(200),
});

const userRecord = z.strictObject({
  id: recordId,
  first_name: firstName,
  last_name: lastName.default(null),
  time_zone: ianaTimeZone,
  about: about.default(null),
  avatar: avatarFile.default(null),
});

const preferenceRecord = z.strictObject({
  user_id: recordId,
  peer_support_interests: z.array(requiredName(MAX_INTEREST_LENGTH)).max(50).default([]),
  availability: z.boolean().default(false),
  greetings: optionalText(1000).default(null),
  motivation: motivation.default(null),
  recovery_status: recoveryStatus.default(null),
});

const organizationMemberRecord = z.strictObject({
  id: recordId,
  organization_id: recordId,
  user_id: recordId,
  roles: z.array(requiredName(50)).max(20).default([]),
  bio: bio.default(null),
  motivation: motivation.default(null),
  recovery_status: recoveryStatus.default(null),
  status: memberStatus,
  rating,
  feedback_count: counter,
  // Absent in files made before the managed roster. A left-out `listed` keeps the member's
  // own choice (true for a new member): an old file must not list someone who withdrew.
  listed: z.boolean().optional(),
  topics: topics.default([]),
  mentor_id: mentorId.nullable().default(null),
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
  mentor_id: mentorId,
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
