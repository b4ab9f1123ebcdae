import { and, eq, sql, type SQL } from "drizzle-orm";
import { organizationMembers, peerMentors, type MentorStatus } from "../db/schema.ts";

/*
 * Who the public roster shows: an `approved` member, `listed` (the person's
 * own switch), and not linked to a registry mentor whose certification has
 * expired or who is paused (`warning` still shows). Derived when the roster
 * is read, so a change of the mentor's status (a PATCH, the cron) takes the
 * member off the page with no write to the member.
 */

export const HIDDEN_REASONS = [
  "pending",
  "not_listed",
  "certification_expired",
  "mentor_paused",
] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

/** Mentor statuses that keep a linked member off the public roster, with the reason each gives. */
const HIDING_MENTOR_STATUSES = {
  expired: "certification_expired",
  paused: "mentor_paused",
} as const satisfies Partial<Record<MentorStatus, HiddenReason>>;

/** Every reason that keeps the member off the public roster; empty when it shows them. */
export function hiddenReasons(member: {
  status: "pending" | "approved";
  listed: boolean;
  mentorStatus: MentorStatus | null;
}): HiddenReason[] {
  const reasons: HiddenReason[] = [];
  if (member.status !== "approved") reasons.push("pending");
  if (!member.listed) reasons.push("not_listed");
  const mentorReason =
    member.mentorStatus === null
      ? undefined
      : HIDING_MENTOR_STATUSES[member.mentorStatus as keyof typeof HIDING_MENTOR_STATUSES];
  if (mentorReason) reasons.push(mentorReason);
  return reasons;
}

/** The same rule as hiddenReasons(), as a condition on organization_members rows. */
export function publiclyVisible(): SQL | undefined {
  return and(
    eq(organizationMembers.status, "approved"),
    eq(organizationMembers.listed, true),
    sql`NOT EXISTS (SELECT 1 FROM ${peerMentors}
      WHERE ${peerMentors.mentorId} = ${organizationMembers.mentorId}
        AND ${peerMentors.status} IN ${Object.keys(HIDING_MENTOR_STATUSES)})`,
  );
}
