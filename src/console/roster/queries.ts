import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { organizationMembers, peerMentors, users } from "../../db/schema.ts";
import { foldForSearch } from "../../lib/fold.ts";
import {
  managedMembersQuery,
  organizationsSupporters,
} from "../../peer-supporters/manage/queries.ts";
import {
  hiddenBecause,
  publiclyVisible,
  type HiddenReason,
} from "../../peer-supporters/public/visibility.ts";
import { searchIndexMatch } from "../../peer-supporters/roster/search-index.ts";

/*
 * The console's roster: every peer supporter of the organization (pending,
 * approved, hidden), read as the API's managed records, filtered by the
 * public page's own rule (public/visibility.ts) and searched through the
 * roster's own index, names and bio.
 */

export type RosterFilter = {
  status: "pending" | "approved" | undefined;
  listed: boolean | undefined;
  /** `visible`: on the public page; a reason: off it for that reason. */
  reason: "visible" | HiddenReason | undefined;
  q: string;
};

function matching(organizationId: number, filter: RosterFilter, now: Date) {
  const folded = foldForSearch(filter.q);
  const search = folded === "" ? undefined : searchIndexMatch(organizationId, folded, false);
  return and(
    organizationsSupporters(organizationId),
    filter.status && eq(organizationMembers.status, filter.status),
    filter.listed === undefined ? undefined : eq(organizationMembers.listed, filter.listed),
    filter.reason === "visible"
      ? publiclyVisible(now)
      : filter.reason && hiddenBecause(filter.reason, now),
    search &&
      inArray(
        organizationMembers.id,
        sql`(SELECT ${search.index.rowid} FROM ${search.index} WHERE ${search.match})`,
      ),
  );
}

/** One page of the roster by name, and how many match: one D1 round trip. */
export async function rosterPage(
  db: Database,
  organizationId: number,
  filter: RosterFilter,
  { now, limit, offset }: { now: Date; limit: number; offset: number },
) {
  const condition = matching(organizationId, filter, now);
  const [rows, [total]] = await db.batch([
    managedMembersQuery(db, condition)
      .orderBy(
        sql`${users.firstName} COLLATE NOCASE`,
        sql`${users.lastName} COLLATE NOCASE`,
        asc(organizationMembers.id),
      )
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(organizationMembers).where(condition),
  ]);
  return { rows, total: total?.total ?? 0 };
}

/** The organization's mentors, to link a supporter to: id, name, status, and whom they are linked to. */
export function mentorChoices(db: Database, organizationId: number) {
  return db
    .select({
      mentorId: peerMentors.mentorId,
      fullName: peerMentors.fullName,
      status: peerMentors.status,
      linkedTo: organizationMembers.id,
    })
    .from(peerMentors)
    .leftJoin(organizationMembers, eq(organizationMembers.mentorId, peerMentors.mentorId))
    .where(eq(peerMentors.organizationId, organizationId))
    .orderBy(asc(peerMentors.fullName));
}
export type MentorChoice = Awaited<ReturnType<typeof mentorChoices>>[number];
