import { and, asc, count, eq, getTableName, isNull, sql, type Placeholder } from "drizzle-orm";
import type { SQLiteColumn, SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client.ts";
import { batchBound, bind, statementBuilder, value } from "../../db/prebuilt.ts";
import { isoSeconds } from "../../lib/time.ts";
import { organizationMembers, peerSupporters, preferences, users } from "../../db/schema.ts";
import { foldForSearch } from "../../lib/fold.ts";
import { boundPublicFields, DEFAULT_PUBLIC_FIELDS } from "../public/settings.ts";
import {
  availableNow,
  carriesAnyTopic,
  spellingsOf,
  topicSpellingsStatement,
} from "../topics/filter.ts";
import { publiclyVisible } from "../public/visibility.ts";
import { memberSearch, memberSearchShort, searchIndexQuery } from "./search-index.ts";

export type RosterFilters = { topics: readonly string[]; available: boolean };

export type PeerSupporterListOptions = {
  organizationId: number;
  /** Raw search term; folded to match the stored `*_search` columns. */
  search: string | undefined;
  /** The public roster as of this instant: only the members it may show then (src/peer-supporters/public/visibility.ts). */
  publicAt?: Date;
  /** Folded topics (any of them) and platform availability; src/peer-supporters/topics/filter.ts. */
  filters?: RosterFilters;
  /** One member only (a hosted profile page). */
  memberId?: number;
  limit: number;
  offset: number;
};

/**
 * What changes the roster statements' SQL text: everything else is a value
 * bound per request (src/db/prebuilt.ts).
 */
type RosterShape = {
  index: "none" | "member_search" | "member_search_short";
  publicOnly: boolean;
  topics: boolean;
  available: boolean;
  member: boolean;
};

/**
 * The organization's peer supporters, only those the public roster shows at
 * `publicAt` if given; each value may be a placeholder (src/db/prebuilt.ts).
 */
function rosterMembers(
  organizationId: number | Placeholder,
  publicAt: Date | Placeholder | undefined,
  memberId: number | Placeholder | undefined,
) {
  // Both columns of organization_members_roster_idx: ids come in order, and
  // counting reads the index alone (the public roster also reads the row).
  return and(
    eq(organizationMembers.organizationId, organizationId),
    eq(organizationMembers.isPeerSupporter, true),
    publicAt === undefined ? undefined : publiclyVisible(publicAt),
    memberId === undefined ? undefined : eq(organizationMembers.id, memberId),
  );
}

/**
 * The stored spellings of the requested topics among the roster's labels,
 * or undefined without a topic filter: one read before the roster's, since
 * only the Worker can fold (src/peer-supporters/topics/filter.ts).
 */
async function requestedSpellings(db: Database, options: PeerSupporterListOptions) {
  const topics = options.filters?.topics ?? [];
  if (topics.length === 0) return undefined;
  const { organizationId, publicAt, memberId } = options;
  const inRoster = rosterMembers(organizationId, publicAt, memberId);
  return spellingsOf(topics, await topicSpellingsStatement(db, inRoster));
}

const searchIndexes = { member_search: memberSearch, member_search_short: memberSearchShort };

/**
 * The ids of the organization's members holding the peer supporter role,
 * searched on their names and bio when a term is given, and the column they
 * are ordered by. A search reads one of the roster's FTS5 indexes
 * (src/peer-supporters/roster/search-index.ts), whose rowid is the member id: in
 * rowid order, so a page stops at its last id, and whose rows are the
 * roster's, so an unfiltered secret read counts from the index alone; any
 * other condition joins each match's member by its id (CROSS JOIN: SQLite
 * keeps the index as the outer loop). Either way the cost follows the term's
 * matches in this organization, not the roster's size.
 */
function rosterIds(shape: RosterShape) {
  const db = statementBuilder;
  const inRoster = and(
    rosterMembers(
      value("organizationId"),
      shape.publicOnly ? value("publicAt") : undefined,
      shape.member ? value("memberId") : undefined,
    ),
    shape.topics ? carriesAnyTopic(value("topicSpellings")) : undefined,
    shape.available ? availableNow() : undefined,
  );
  const idOf = (column: SQLiteColumn) => ({
    memberId: sql<number>`${column}`.as("page_member_id"),
  });
  if (shape.index === "none") {
    const ids = db.select(idOf(organizationMembers.id)).from(organizationMembers).where(inRoster);
    return { ids, order: organizationMembers.id };
  }
  const index = searchIndexes[shape.index];
  const match = sql`${index} MATCH ${value("match")}`;
  const indexAlone = !shape.publicOnly && !shape.topics && !shape.available && !shape.member;
  const ids = indexAlone
    ? db.select(idOf(index.rowid)).from(index).where(match)
    : db
        .select(idOf(index.rowid))
        .from(index)
        .crossJoin(organizationMembers)
        .where(
          and(
            match,
            eq(organizationMembers.id, index.rowid),
            // One member (a profile page): FTS5 seeks to its rowid rather than walking the matches.
            shape.member ? eq(index.rowid, value("memberId")) : undefined,
            inRoster,
          ),
        );
  return { ids, order: index.rowid };
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

/** The roster's two statements of one shape, built once: the page and the filtered total. */
function buildRosterStatements(shape: RosterShape) {
  // A deferred join: page through member ids alone, then build the full rows
  // for that page only, so a deep OFFSET skips ids, not joined rows.
  const { ids, order } = rosterIds(shape);
  const pageIds = ids
    .orderBy(asc(order))
    .limit(value("limit"))
    .offset(value("offset"))
    .as("page_ids");
  const page = withSupporterJoins(
    statementBuilder
      .select(supporterColumns)
      .from(pageIds)
      .innerJoin(organizationMembers, eq(organizationMembers.id, pageIds.memberId))
      .$dynamic(),
  ).orderBy(asc(pageIds.memberId));
  // Built again: a drizzle query is changed in place by orderBy() and limit().
  // SQLite flattens the count into the ids' own query.
  const matches = rosterIds(shape).ids.as("matches");
  const total = statementBuilder.select({ total: count() }).from(matches);
  return { page: page.prepare(), total: total.prepare() };
}

const builtRosterStatements = new Map<string, ReturnType<typeof buildRosterStatements>>();

/** The roster's two statements with this request's values: the page and the filtered total. */
export function rosterStatements(
  options: PeerSupporterListOptions,
  topicSpellings?: readonly string[],
) {
  const { organizationId, search, publicAt, filters, memberId } = options;
  const folded = search === undefined ? "" : foldForSearch(search);
  // instr() finds the empty string in every text: a term that folds to nothing filters nothing.
  const found =
    folded === "" ? undefined : searchIndexQuery(organizationId, folded, publicAt !== undefined);
  const shape: RosterShape = {
    index: found ? (getTableName(found.index) as RosterShape["index"]) : "none",
    publicOnly: publicAt !== undefined,
    topics: topicSpellings !== undefined,
    available: filters?.available ?? false,
    member: memberId !== undefined,
  };
  const key = JSON.stringify(shape);
  let built = builtRosterStatements.get(key);
  if (!built) {
    built = buildRosterStatements(shape);
    builtRosterStatements.set(key, built);
  }
  const values = {
    organizationId,
    publicAt: publicAt && isoSeconds(publicAt),
    memberId,
    topicSpellings: topicSpellings && JSON.stringify(topicSpellings),
    match: found?.query,
    limit: options.limit,
    offset: options.offset,
  };
  return { page: bind(built.page, values), total: bind(built.total, values) };
}

/**
 * One page of an organization's peer supporters, ordered by member id, and
 * the size of the whole (filtered) roster: two statements, one D1 round trip
 * (two with a topic filter).
 */
export async function listPeerSupporters(db: Database, options: PeerSupporterListOptions) {
  const { page, total } = rosterStatements(options, await requestedSpellings(db, options));
  const [rows, [totalRow]] = await batchBound(db, [page, total]);
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
  const { page, total } = rosterStatements(options, await requestedSpellings(db, options));
  const [rows, [totalRow], [fields]] = await batchBound(db, [
    page,
    total,
    boundPublicFields(options.organizationId),
  ]);
  return { rows, total: totalRow?.total ?? 0, fields: fields ?? DEFAULT_PUBLIC_FIELDS };
}

export type PeerSupporterRow = Awaited<ReturnType<typeof listPeerSupporters>>["rows"][number];
