import { and, eq, ne, sql, type Placeholder, type SQL } from "drizzle-orm";
import { organizationMembers, peerMentors, type MentorStatus } from "../../db/schema.ts";
import { isoSeconds } from "../../lib/time.ts";

/*
 * Who the public roster shows: an `approved` member, `listed` (the person's
 * own switch), and not linked to a registry mentor whose certification has
 * expired (by date or by hand) or who is paused; `warning` still shows.
 * Derived when the roster is read, from the mentor's stored status (which a
 * PATCH and the hourly cron keep) and from its own facts and the clock (the
 * status rules of src/peer-mentors/status-rules.ts): so the member is off the
 * page from the expiry instant on, without waiting for the cron, and every
 * reason shows, a lapsed certificate of a paused mentor included.
 */

export const HIDDEN_REASONS = [
  "pending",
  "not_listed",
  "certification_expired",
  "mentor_paused",
] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

/** The linked mentor's facts the rule reads; null without a linked mentor. */
export type LinkedMentor = {
  status: MentorStatus;
  isPaused: boolean;
  isManuallyExpired: boolean;
  certificationExpiryDate: string;
} | null;

/** Every reason that keeps the member off the public roster at `now`; empty when it shows them. */
export function hiddenReasons(
  member: { status: "pending" | "approved"; listed: boolean },
  mentor: LinkedMentor,
  now: Date,
): HiddenReason[] {
  const reasons: HiddenReason[] = [];
  if (member.status !== "approved") reasons.push("pending");
  if (!member.listed) reasons.push("not_listed");
  if (!mentor) return reasons;
  const lapsed = mentor.isManuallyExpired || mentor.certificationExpiryDate <= isoSeconds(now);
  if (lapsed || mentor.status === "expired") reasons.push("certification_expired");
  if (mentor.isPaused || mentor.status === "paused") reasons.push("mentor_paused");
  return reasons;
}

/**
 * The same rule as hiddenReasons(), as a condition on organization_members
 * rows; `now` may be a placeholder bound to isoSeconds() of the instant.
 */
export function publiclyVisible(now: Date | Placeholder): SQL | undefined {
  return and(
    eq(organizationMembers.status, "approved"),
    eq(organizationMembers.listed, true),
    // Stored instants are "YYYY-MM-DDTHH:MM:SSZ": text order is time order.
    sql`NOT EXISTS (SELECT 1 FROM ${peerMentors}
      WHERE ${peerMentors.mentorId} = ${organizationMembers.mentorId}
        AND (${peerMentors.status} IN ('expired', 'paused')
          OR ${peerMentors.isPaused} OR ${peerMentors.isManuallyExpired}
          OR ${peerMentors.certificationExpiryDate} <= ${now instanceof Date ? isoSeconds(now) : now}))`,
  );
}

/**
 * The members hiddenReasons() gives `reason` at `now`, as a condition on
 * organization_members rows: the console's roster filters by it.
 */
export function hiddenBecause(reason: HiddenReason, now: Date): SQL | undefined {
  const linkedMentor = (condition: SQL) => sql`EXISTS (SELECT 1 FROM ${peerMentors}
    WHERE ${peerMentors.mentorId} = ${organizationMembers.mentorId} AND (${condition}))`;
  switch (reason) {
    case "pending":
      return ne(organizationMembers.status, "approved");
    case "not_listed":
      return eq(organizationMembers.listed, false);
    case "certification_expired":
      return linkedMentor(sql`${peerMentors.isManuallyExpired}
        OR ${peerMentors.certificationExpiryDate} <= ${isoSeconds(now)}
        OR ${peerMentors.status} = 'expired'`);
    case "mentor_paused":
      return linkedMentor(sql`${peerMentors.isPaused} OR ${peerMentors.status} = 'paused'`);
  }
}
