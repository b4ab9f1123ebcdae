import { count, eq, inArray, sql } from "drizzle-orm";
import { createDatabase } from "../db/client.ts";
import { keysShowingMembers } from "../db/idempotency-keys.ts";
import {
  memberListingChanges,
  organizationMemberRoles,
  organizationMembers,
  peerSupporters,
  preferences,
  users,
} from "../db/schema.ts";
import { memberSearch, memberSearchShort } from "../peer-supporters/roster/search-index.ts";

/*
 * Erasure of one person (GDPR art. 17), for `npm run erase`: the user record
 * and everything of theirs, in every organization, in one D1 batch (one
 * transaction). Memberships, roles, preferences, platform profiles and
 * listing history go by the foreign keys' ON DELETE CASCADE, the rows of
 * both search indexes by their triggers (then each index is merged, so no
 * token of theirs stays in its segments); what was there is counted in the
 * same transaction, before the delete. The Idempotency-Keys whose stored
 * answer or reservation shows one of their memberships go too, so no replay
 * brings them back (the same request runs afresh instead).
 */

export type ErasureReport = {
  user: number;
  organization_members: number;
  organization_member_roles: number;
  preferences: number;
  peer_supporters: number;
  member_listing_changes: number;
  member_search: number;
  member_search_short: number;
  /** Registry mentors linked to the erased memberships: the link goes, the mentor record stays. */
  linked_peer_mentors: string[];
};

/** Erases user `userId`; answers null when there is no such user (nothing is written). */
export async function erasePerson(d1: D1Database, userId: number): Promise<ErasureReport | null> {
  const db = createDatabase(d1);
  const memberIds = sql`(SELECT ${organizationMembers.id} FROM ${organizationMembers} WHERE ${organizationMembers.userId} = ${userId})`;
  const indexRowsOf = (index: typeof memberSearch) =>
    db.select({ n: count() }).from(index).where(inArray(index.rowid, memberIds));
  const optimize = (index: typeof memberSearch) =>
    db.run(sql`INSERT INTO ${index} (${index}) VALUES ('optimize')`);
  const [
    [user],
    [members],
    [roles],
    [preferenceRows],
    [profiles],
    [listingChanges],
    [indexRows],
    [shortIndexRows],
    mentors,
  ] = await db.batch([
    db.select({ n: count() }).from(users).where(eq(users.id, userId)),
    db
      .select({ n: count() })
      .from(organizationMembers)
      .where(eq(organizationMembers.userId, userId)),
    db
      .select({ n: count() })
      .from(organizationMemberRoles)
      .where(inArray(organizationMemberRoles.organizationMemberId, memberIds)),
    db.select({ n: count() }).from(preferences).where(eq(preferences.userId, userId)),
    db.select({ n: count() }).from(peerSupporters).where(eq(peerSupporters.userId, userId)),
    db
      .select({ n: count() })
      .from(memberListingChanges)
      .where(inArray(memberListingChanges.memberId, memberIds)),
    indexRowsOf(memberSearch),
    indexRowsOf(memberSearchShort),
    db
      .select({ mentorId: organizationMembers.mentorId })
      .from(organizationMembers)
      .where(
        sql`${organizationMembers.userId} = ${userId} AND ${organizationMembers.mentorId} IS NOT NULL`,
      ),
    // The stored answers and reservations of the POSTs that added them (Idempotency-Key).
    keysShowingMembers(db, eq(organizationMembers.userId, userId)),
    db.delete(users).where(eq(users.id, userId)),
    // An FTS5 delete only marks the rows: merging every segment takes the person's tokens out.
    optimize(memberSearch),
    optimize(memberSearchShort),
  ]);
  if (!user || user.n === 0) return null;
  return {
    user: user.n,
    organization_members: members?.n ?? 0,
    organization_member_roles: roles?.n ?? 0,
    preferences: preferenceRows?.n ?? 0,
    peer_supporters: profiles?.n ?? 0,
    member_listing_changes: listingChanges?.n ?? 0,
    member_search: indexRows?.n ?? 0,
    member_search_short: shortIndexRows?.n ?? 0,
    linked_peer_mentors: mentors.flatMap((m) => (m.mentorId ? [m.mentorId] : [])),
  };
}
