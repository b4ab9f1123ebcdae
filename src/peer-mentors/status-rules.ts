import { sql, type SQL } from "drizzle-orm";
import { peerMentors, type MentorStatus } from "../db/schema.ts";

/*
 * A mentor's status, derived from three stored facts and the clock:
 *
 *   paused   while paused
 *   expired  the certification expiry instant is at or before now,
 *            or the mentor was marked expired by hand
 *   warning  days_until_expiry <= CERT_WARNING_DAYS
 *   active   otherwise
 *
 * The rules exist twice, as deriveStatus() for one record and as
 * derivedStatusSql() for set-based work; test/peer-mentors/status-rules.test.ts checks that
 * the two agree.
 */

export type StatusFacts = {
  isPaused: boolean;
  isManuallyExpired: boolean;
  /** "YYYY-MM-DDTHH:MM:SSZ" */
  certificationExpiryDate: string;
};

const MS_PER_DAY = 86_400_000;

/** Whole UTC calendar days from now's date to the expiry's date; negative once past. */
export function daysUntilExpiry(certificationExpiryDate: string, now: Date): number {
  const expiryDay = Date.parse(certificationExpiryDate.slice(0, 10));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((expiryDay - today) / MS_PER_DAY);
}

export function deriveStatus(facts: StatusFacts, now: Date, warningDays: number): MentorStatus {
  if (facts.isPaused) return "paused";
  if (facts.isManuallyExpired || Date.parse(facts.certificationExpiryDate) <= now.getTime()) {
    return "expired";
  }
  if (daysUntilExpiry(facts.certificationExpiryDate, now) <= warningDays) return "warning";
  return "active";
}

/**
 * deriveStatus() over peer_mentors' columns. `nowIso` has the stored form
 * ("YYYY-MM-DDTHH:MM:SSZ"), so comparing text compares instants.
 */
export function derivedStatusSql(nowIso: string, warningDays: number): SQL<MentorStatus> {
  const expiry = peerMentors.certificationExpiryDate;
  return sql<MentorStatus>`CASE
    WHEN ${peerMentors.isPaused} THEN 'paused'
    WHEN ${peerMentors.isManuallyExpired} OR ${expiry} <= ${nowIso} THEN 'expired'
    WHEN julianday(substr(${expiry}, 1, 10)) - julianday(substr(${nowIso}, 1, 10)) <= ${warningDays}
      THEN 'warning'
    ELSE 'active'
  END`;
}
