import { and, asc, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import { organizationMembers, peerSupporters, preferences, users } from "../db/schema.ts";
import { containsFoldedTerm, foldForSearch } from "../search/fold.ts";
import { DEFAULT_PUBLIC_FIELDS, publicFieldsStatement } from "./public-roster-settings.ts";
import {
  availableNow,
  carriesAnyTopic,
  spellingsOf,
  topicSpellingsStatement,
} from "./topic-filter.ts";
import { publiclyVisible } from "./visibility.ts";
import { codePointLength } from "../text-length.ts";

export type RosterFilters = { topics: readonly string[]; available: boolean };

export type PeerSupporterListOptions = {
  organizationId: number;
  /** Raw search term; folded to match the stored `*_search` columns. */
  search: string | undefined;
  /** The public roster as of this instant: only the members it may show then (src/peer-supporters/visibility.ts). */
  publicAt?: Date;
  /** Folded topics (any of them) and platform availability; src/peer-supporters/topic-filter.ts. */
  filters?: RosterFilters;
  /** One member only (a hosted profile page). */
  memberId?: number;
  limit: number;
  offset: number;
};

// FTS5's trigram tokenizer indexes every run of three code points: a shorter term has none.
const TRIGRAM_LENGTH = 3;

/**
 * The ids of members whose folded first name, last name or bio contains the
 * folded term, from the trigram index (migrations/0007_member_search_index.sql).
 * The term is one quoted FTS5 phrase (quotes doubled), so none of its
 * characters act as query syntax, and a phrase of trigrams matches exactly the
 * texts containing it: the same literal substring test as instr(). The public
 * roster searches only what it shows: a column filter leaves out last names.
 */
function memberIdsMatching(folded: string, publicOnly: boolean): SQL {
  const phrase = `"${folded.replaceAll('"', '""')}"`;
  const query = publicOnly ? `{first_name bio} : ${phrase}` : phrase;
  return sql`(SELECT rowid FROM member_search WHERE member_search MATCH ${query})`;
}

/** The organization's peer supporters, only those the public roster shows at `publicAt` if given. */
function rosterMembers({ organizationId, publicAt, memberId }: PeerSupporterListOptions) {
  // Both columns of organization_members_roster_idx: ids come in order, and
  // counting reads the index alone (the public roster also reads the row).
  return and(
    eq(organizationMembers.organizationId, organizationId),
    eq(organizationMembers.isPeerSupporter, true),
    publicAt ? publiclyVisible(publicAt) : undefined,
    memberId === undefined ? undefined : eq(organizationMembers.id, memberId),
  );
}

/**
 * The stored spellings of the requested topics among the roster's labels,
 * or undefined without a topic filter: one read before the roster's, since
 * only the Worker can fold (src/peer-supporters/topic-filter.ts).
 */
async function requestedSpellings(db: Database, options: PeerSupporterListOptions) {
  const topics = options.filters?.topics ?? [];
  if (topics.length === 0) return undefined;
  return spellingsOf(topics, await topicSpellingsStatement(db, rosterMembers(options)));
}

/**
 * The organization's members holding the peer supporter role, searched on
 * their names and bio when a term is given. A term of three code points or
 * more is looked up in the trigram index, so its cost follows the matches,
 * not the roster; a shorter one scans the roster's folded text with instr().
 * Users are joined only for that scan.
 */
function filteredRoster<T extends SQLiteSelect>(
  query: T,
  options: PeerSupporterListOptions,
  topicSpellings: readonly string[] | undefined,
) {
  const { search, publicAt, filters } = options;
  const inRoster = and(
    rosterMembers(options),
    topicSpellings ? carriesAnyTopic(topicSpellings) : undefined,
    filters?.available ? availableNow() : undefined,
  );
  if (search === undefined) return query.where(inRoster);
  const folded = foldForSearch(search);
  if (codePointLength(folded) >= TRIGRAM_LENGTH) {
    return query.where(
      and(
        inRoster,
        inArray(organizationMembers.id, memberIdsMatching(folded, publicAt !== undefined)),
      ),
    );
  }
  return query
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(
      and(
        inRoster,
        containsFoldedTerm(
          publicAt
            ? [users.firstNameSearch, organizationMembers.bioSearch]
            : [users.firstNameSearch, users.lastNameSearch, organizationMembers.bioSearch],
          folded,
        ),
      ),
    );
}

/**
 * What a roster entry is built from, read once the page's members are known.
 * D1 batch results are objects keyed by column name, which drizzle reads by
 * position: a column sharing its name with another selected column (rating,
 * motivation, recovery_status) must be aliased.
 */
export const supporterColumns = {
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
  topics: organizationMembers.topics,
  independentRating: sql<number | null>`${peerSupporters.rating}`.as("independent_rating"),
  independentRatingsCount: peerSupporters.ratingsCount,
  interests: preferences.peerSupportInterests,
  availability: preferences.availability,
  greetings: preferences.greetings,
  preferenceMotivation: sql<string | null>`${preferences.motivation}`.as("preference_motivation"),
  preferenceRecoveryStatus: sql<string | null>`${preferences.recoveryStatus}`.as(
    "preference_recovery_status",
  ),
};

/** The joins supporterColumns reads, onto a query over organization_members. */
export function withSupporterJoins<T extends SQLiteSelect>(query: T) {
  return (
    query
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
  );
}

/** The roster's two statements, unexecuted: the page and the filtered total. */
export function rosterStatements(
  db: Database,
  options: PeerSupporterListOptions,
  topicSpellings?: readonly string[],
) {
  // A deferred join: page through member ids alone, then build the full rows
  // for that page only, so a deep OFFSET skips ids, not joined rows.
  const pageIds = filteredRoster(
    db
      .select({ memberId: sql<number>`${organizationMembers.id}`.as("page_member_id") })
      .from(organizationMembers)
      .$dynamic(),
    options,
    topicSpellings,
  )
    .orderBy(asc(organizationMembers.id))
    .limit(options.limit)
    .offset(options.offset)
    .as("page_ids");
  const page = withSupporterJoins(
    db
      .select(supporterColumns)
      .from(pageIds)
      .innerJoin(organizationMembers, eq(organizationMembers.id, pageIds.memberId))
      .$dynamic(),
  ).orderBy(asc(pageIds.memberId));
  const total = filteredRoster(
    db.select({ total: count() }).from(organizationMembers).$dynamic(),
    options,
    topicSpellings,
  );

  return { page, total };
}

/**
 * One page of an organization's peer supporters, ordered by member id, and
 * the size of the whole (filtered) roster: two statements, one D1 round trip
 * (two with a topic filter).
 */
export async function listPeerSupporters(db: Database, options: PeerSupporterListOptions) {
  const { page, total } = rosterStatements(db, options, await requestedSpellings(db, options));
  const [rows, [totalRow]] = await db.batch([page, total]);
  return { rows, total: totalRow?.total ?? 0 };
}

/**
 * One page of the public roster, its total, and which optional fields the
 * organization's page carries: three statements, one D1 round trip (two with
 * a topic filter).
 */
export async function listPublicPeerSupporters(
  db: Database,
  options: PeerSupporterListOptions & { publicAt: Date },
) {
  const { page, total } = rosterStatements(db, options, await requestedSpellings(db, options));
  const [rows, [totalRow], [fields]] = await db.batch([
    page,
    total,
    publicFieldsStatement(db, options.organizationId),
  ]);
  return { rows, total: totalRow?.total ?? 0, fields: fields ?? DEFAULT_PUBLIC_FIELDS };
}

export type PeerSupporterRow = Awaited<ReturnType<typeof listPeerSupporters>>["rows"][number];
