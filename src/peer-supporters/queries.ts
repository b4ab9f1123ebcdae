import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import { organizationMembers, peerSupporters, preferences, users } from "../db/schema.ts";
import { containsSearchTerm } from "../search/fold.ts";

export type PeerSupporterListOptions = {
  organizationId: number;
  /** Raw search term; folded to match the stored `*_search` columns. */
  search: string | undefined;
  /** The public roster: vetted (`approved`) members only. */
  approvedOnly: boolean;
  limit: number;
  offset: number;
};

/**
 * The organization's members holding the peer supporter role, searched on
 * their names and bio when a term is given. Users are joined only for a
 * search, so counting and paging an unfiltered roster read no user rows.
 */
function filteredRoster<T extends SQLiteSelect>(
  query: T,
  { organizationId, search, approvedOnly }: PeerSupporterListOptions,
) {
  // Both columns of organization_members_roster_idx: ids come in order, and
  // counting reads the index alone (the public roster also reads `status`).
  const inRoster = and(
    eq(organizationMembers.organizationId, organizationId),
    eq(organizationMembers.isPeerSupporter, true),
    approvedOnly ? eq(organizationMembers.status, "approved") : undefined,
  );
  if (search === undefined) return query.where(inRoster);
  return query
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(
      and(
        inRoster,
        containsSearchTerm(
          [users.firstNameSearch, users.lastNameSearch, organizationMembers.bioSearch],
          search,
        ),
      ),
    );
}

/** The roster's two statements, unexecuted: the page and the filtered total. */
export function rosterStatements(db: Database, options: PeerSupporterListOptions) {
  // A deferred join: page through member ids alone, then build the full rows
  // for that page only, so a deep OFFSET skips ids, not joined rows.
  const pageIds = filteredRoster(
    db
      .select({ memberId: sql<number>`${organizationMembers.id}`.as("page_member_id") })
      .from(organizationMembers)
      .$dynamic(),
    options,
  )
    .orderBy(asc(organizationMembers.id))
    .limit(options.limit)
    .offset(options.offset)
    .as("page_ids");
  const page = db
    .select({
      id: organizationMembers.id,
      userId: organizationMembers.userId,
      firstName: users.firstName,
      lastName: users.lastName,
      bio: organizationMembers.bio,
      motivation: organizationMembers.motivation,
      recoveryStatus: organizationMembers.recoveryStatus,
      timeZone: users.timeZone,
      avatar: users.avatar,
      status: organizationMembers.status,
      rating: organizationMembers.rating,
      feedbackCount: organizationMembers.feedbackCount,
      about: users.about,
      // D1 batch results are objects keyed by column name, which drizzle reads
      // by position: a column sharing its name with another selected column
      // (rating, motivation, recovery_status) must be aliased.
      independentRating: sql<number | null>`${peerSupporters.rating}`.as("independent_rating"),
      independentRatingsCount: peerSupporters.ratingsCount,
      interests: preferences.peerSupportInterests,
      availability: preferences.availability,
      greetings: preferences.greetings,
      preferenceMotivation: sql<string | null>`${preferences.motivation}`.as(
        "preference_motivation",
      ),
      preferenceRecoveryStatus: sql<string | null>`${preferences.recoveryStatus}`.as(
        "preference_recovery_status",
      ),
    })
    .from(pageIds)
    .innerJoin(organizationMembers, eq(organizationMembers.id, pageIds.memberId))
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    // Only an active platform-level profile counts as independent.
    .leftJoin(
      peerSupporters,
      and(
        eq(peerSupporters.userId, users.id),
        isNull(peerSupporters.organizationId),
        eq(peerSupporters.status, "active"),
      ),
    )
    .leftJoin(preferences, eq(preferences.userId, users.id))
    .orderBy(asc(pageIds.memberId));
  const total = filteredRoster(
    db.select({ total: count() }).from(organizationMembers).$dynamic(),
    options,
  );

  return { page, total };
}

/**
 * One page of an organization's peer supporters, ordered by member id, and
 * the size of the whole (filtered) roster: two statements, one D1 round trip.
 */
export async function listPeerSupporters(db: Database, options: PeerSupporterListOptions) {
  const { page, total } = rosterStatements(db, options);
  const [rows, [totalRow]] = await db.batch([page, total]);
  return { rows, total: totalRow?.total ?? 0 };
}

export type PeerSupporterRow = Awaited<ReturnType<typeof listPeerSupporters>>["rows"][number];
