import { strongETag } from "../http/etag.ts";
import type { StatusChangeActorKind } from "../db/schema.ts";
import type { MentorRecord } from "./writes/mentor-changes.ts";
import type { mentorStatusHistory } from "./queries.ts";
import type { Mentor, MentorListItem, StatusChange } from "./schemas.ts";

/** The full record, as GET one, POST and PUT answer it; keys in the spec's order. */
export function serializeMentor(mentor: MentorRecord, organizationPublicId: string): Mentor {
  return {
    mentor_id: mentor.mentorId,
    full_name: mentor.fullName,
    email: mentor.email,
    org_id: organizationPublicId,
    status: mentor.status,
    is_hlf: mentor.isHlf,
    is_paused: mentor.isPaused,
    phone: mentor.phone,
    certification_expiry_date: mentor.certificationExpiryDate,
    created_at: mentor.createdAt,
    updated_at: mentor.updatedAt,
  };
}

/** The ETag of the full record: the one GET one answers with (jsonWithETag hashes the same JSON). */
export const mentorETag = (mentor: MentorRecord, organizationPublicId: string) =>
  strongETag(JSON.stringify(serializeMentor(mentor, organizationPublicId)));

/** A list item: the full record without the phone number. */
export function serializeMentorListItem(
  mentor: MentorRecord,
  organizationPublicId: string,
): MentorListItem {
  const { phone, ...item } = serializeMentor(mentor, organizationPublicId);
  return item;
}

type StatusChangeRow = NonNullable<Awaited<ReturnType<typeof mentorStatusHistory>>>[number];

export function serializeStatusChange(change: StatusChangeRow): StatusChange {
  return {
    from_status: change.fromStatus,
    to_status: change.toStatus,
    reason: change.reason,
    source: change.source,
    changed_at: change.changedAt,
    changed_by: changedBy(change),
  };
}

/** Who made a recorded change, as the API's `changed_by` says it (status and listing history). */
export const changedBy = (change: {
  actorKind: StatusChangeActorKind | null;
  actorId: string | null;
  actorName: string | null;
}) =>
  change.actorKind === null
    ? null
    : { kind: change.actorKind, id: change.actorId, name: change.actorName };
