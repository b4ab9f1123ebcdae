import { newRevision } from "../../db/revision.ts";
import type { peerMentors } from "../../db/schema.ts";
import { foldForSearch } from "../../lib/fold.ts";
import { isoSeconds } from "../../lib/time.ts";
import { randomId } from "../../lib/random-id.ts";
import { deriveStatus } from "../status-rules.ts";

export type MentorRecord = typeof peerMentors.$inferSelect;

/** What a write may change; the status is never set directly but derived. */
export type MentorChange = Partial<
  Pick<
    MentorRecord,
    | "fullName"
    | "email"
    | "phone"
    | "isHlf"
    | "isPaused"
    | "isManuallyExpired"
    | "certificationExpiryDate"
  >
>;

export type NewMentor = Pick<
  MentorRecord,
  "fullName" | "email" | "phone" | "isHlf" | "isPaused" | "certificationExpiryDate"
> &
  Partial<Pick<MentorRecord, "mentorId" | "createdAt" | "updatedAt">>;

type Clock = { now: Date; warningDays: number };

/** Status and search columns follow from the other fields. */
function withDerivedFields(record: MentorRecord, { now, warningDays }: Clock): MentorRecord {
  return {
    ...record,
    status: deriveStatus(record, now, warningDays),
    fullNameSearch: foldForSearch(record.fullName),
    emailSearch: foldForSearch(record.email),
  };
}

/** A new mentor record of `organizationId`, with a fresh mentor_id unless one is given. */
export function newMentorRecord(
  mentor: NewMentor,
  organizationId: number,
  clock: Clock,
): MentorRecord {
  const now = isoSeconds(clock.now);
  return withDerivedFields(
    {
      mentorId: mentor.mentorId ?? randomId("mentor_", 16),
      organizationId,
      fullName: mentor.fullName,
      email: mentor.email,
      phone: mentor.phone,
      isHlf: mentor.isHlf,
      isPaused: mentor.isPaused,
      isManuallyExpired: false,
      certificationExpiryDate: mentor.certificationExpiryDate,
      status: "active",
      createdAt: mentor.createdAt ?? now,
      updatedAt: mentor.updatedAt ?? now,
      fullNameSearch: "",
      emailSearch: "",
      revision: newRevision(),
    },
    clock,
  );
}

/**
 * The record after `change`, with its status re-derived at `clock.now`, or
 * null when nothing would change: updated_at and the revision move only
 * with the record.
 */
export function applyMentorChange(
  before: MentorRecord,
  change: MentorChange,
  clock: Clock,
): MentorRecord | null {
  const definedChange = Object.fromEntries(
    Object.entries<unknown>(change).filter(([, value]) => value !== undefined),
  );
  const after = withDerivedFields({ ...before, ...definedChange }, clock);
  const changed = (Object.keys(after) as (keyof MentorRecord)[]).some(
    (key) => after[key] !== before[key],
  );
  return changed ? { ...after, updatedAt: isoSeconds(clock.now), revision: newRevision() } : null;
}
