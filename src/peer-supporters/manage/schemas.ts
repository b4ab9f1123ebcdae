import * as z from "zod";
import { timestampSchema } from "../../http/timestamp-schema.ts";
import {
  avatarFile,
  bio,
  firstName,
  ianaTimeZone,
  lastName,
  memberStatus,
  mentorId,
  motivation,
  recoveryStatus,
  topics,
} from "../roster/fields.ts";
import { peerSupporterSchema } from "../roster/schemas.ts";
import { HIDDEN_REASONS } from "../public/visibility.ts";
import { changedBySchema } from "../../peer-mentors/schemas.ts";

/*
 * The managed roster (secret keys): bodies of POST and PATCH, and the
 * managed record every one of its routes answers.
 */

/**
 * The person's own fields: shared by every organization the person belongs to.
 * Not `about`: that is the person's platform-level bio, shown only in
 * `independent_peer_supporter` (docs/peer-supporters-api-v2.md); the managed
 * roster does not write it, so a body with it is a 400 ("not a known field").
 */
export const PERSON_FIELDS = ["first_name", "last_name", "time_zone", "avatar"] as const;

const memberFields = {
  bio,
  motivation,
  recovery_status: recoveryStatus,
  status: memberStatus,
  listed: z.boolean().meta({
    description:
      'The person\'s own "hide my profile" switch: false keeps them off the public roster. Every change is kept (`listing-history`).',
  }),
  topics: topics.meta({
    description:
      "The organization's topic labels for this member (1–50 characters each, at most 20).",
  }),
  mentor_id: mentorId.nullable().meta({
    description:
      "A peer mentor of this organization (API v1): while that mentor is `expired` or `paused`, the member is off the public roster.",
  }),
};

export const createMemberBody = z.strictObject({
  first_name: firstName,
  last_name: lastName.default(null),
  time_zone: ianaTimeZone,
  avatar: avatarFile.default(null),
  bio: memberFields.bio.default(null),
  motivation: memberFields.motivation.default(null),
  recovery_status: memberFields.recovery_status.default(null),
  status: memberFields.status.default("pending"),
  listed: memberFields.listed.default(true),
  topics: memberFields.topics.default([]),
  mentor_id: memberFields.mentor_id.default(null),
});
export type CreateMemberBody = z.output<typeof createMemberBody>;

export const updateMemberBody = z
  .strictObject({
    first_name: firstName.optional(),
    last_name: lastName.optional(),
    time_zone: ianaTimeZone.optional(),
    avatar: avatarFile.optional(),
    bio: memberFields.bio.optional(),
    motivation: memberFields.motivation.optional(),
    recovery_status: memberFields.recovery_status.optional(),
    status: memberFields.status.optional(),
    listed: memberFields.listed.optional(),
    topics: memberFields.topics.optional(),
    mentor_id: memberFields.mentor_id.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: "give at least one field to change",
    // Only for an empty body: unknown fields are their own errors.
    when: (payload) => payload.issues.length === 0,
  });
export type UpdateMemberBody = z.output<typeof updateMemberBody>;

export const memberIdParam = z.object({
  organization_id: z.string(),
  member_id: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, { message: "must be a member id" })
    .refine((id) => Number.isSafeInteger(Number(id)), { message: "must be a member id" })
    .meta({ description: "The member's id (`id` in the roster)." }),
});

export const managedMemberSchema = peerSupporterSchema
  .extend({
    listed: z.boolean(),
    listed_changed_at: timestampSchema
      .nullable()
      .meta({ description: "When `listed` last changed (or was first recorded); null if never." }),
    topics: z.array(z.string()),
    mentor_id: z.string().nullable(),
    visible_publicly: z.boolean(),
    hidden_reasons: z.array(z.enum(HIDDEN_REASONS)).meta({
      description: "Every reason the public roster does not show this member; empty when it does.",
    }),
  })
  .meta({ id: "ManagedPeerSupporter" });
export type ManagedMember = z.output<typeof managedMemberSchema>;

export const memberDeletedSchema = z.strictObject({
  deleted: z.literal(true),
  id: z.number().int(),
});

export const listingHistorySchema = z.strictObject({
  data: z.array(
    z.strictObject({
      listed: z.boolean(),
      changed_at: timestampSchema,
      source: z.enum(["api", "import"]),
      key_id: z.string().nullable().meta({
        description:
          "The id of the secret key that made the change (`npm run token -- list`); null for the import and the console.",
      }),
      changed_by: changedBySchema,
    }),
  ),
});
