import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { keysShowingMembers } from "../db/idempotency-keys.ts";
import {
  memberListingChanges,
  organizationMembers,
  peerSupporters,
  preferences,
  users,
} from "../db/schema.ts";
import type { StagedRows } from "./staged-write.ts";

/*
 * What the import does around its upsert of organization members, inside the
 * same promotion: keeps the listing history (source `import`), and with
 * --replace-roster removes the organization's members that are not in the
 * file, with the person's record when nothing else uses it.
 */

type StagedOf = (
  table: typeof organizationMembers | typeof users | typeof preferences | typeof peerSupporters,
) => StagedRows;

const listingColumns = sql`(${sql.join(
  [
    memberListingChanges.memberId,
    memberListingChanges.listed,
    memberListingChanges.source,
    memberListingChanges.changedAt,
    memberListingChanges.actorKind,
  ].map((column) => sql.identifier(column.name)),
  sql`, `,
)})`;

/** Before the upsert: a history row for each existing member whose `listed` the file changes. */
export function listingChangesBefore(stagedOf: StagedOf, changedAt: string): SQL[] {
  const staged = stagedOf(organizationMembers);
  return [
    sql`INSERT INTO ${memberListingChanges} ${listingColumns}
      SELECT ${staged.column("id")}, ${staged.column("listed")}, 'import', ${changedAt}, 'import'
      FROM ${staged.from}
        AND ${staged.column("listed")} IS NOT NULL
        AND EXISTS (SELECT 1 FROM ${organizationMembers}
          WHERE ${organizationMembers.id} = ${staged.column("id")}
            AND ${organizationMembers.listed} IS NOT ${staged.column("listed")})`,
  ];
}

/** The member's current choice: the newest listing history entry. */
const latestListed = sql`(SELECT ${memberListingChanges.listed} FROM ${memberListingChanges}
  WHERE ${memberListingChanges.memberId} = ${organizationMembers.id}
  ORDER BY ${memberListingChanges.id} DESC LIMIT 1)`;

/**
 * After the upsert, which wrote true where the file left `listed` out: each
 * such member gets their own choice back from the listing history. A member
 * with no history has never been unlisted (every change of `listed` is
 * recorded, and the column began as true), so true is their choice.
 */
export function keepListedWhereAbsent(stagedOf: StagedOf): SQL[] {
  const staged = stagedOf(organizationMembers);
  return [
    sql`UPDATE ${organizationMembers} SET ${sql.identifier(organizationMembers.listed.name)} = ${latestListed}
      WHERE ${organizationMembers.id} IN
          (SELECT ${staged.column("id")} FROM ${staged.from} AND ${staged.column("listed")} IS NULL)
        AND ${latestListed} IS NOT NULL`,
  ];
}

/** After the upsert: the first history row of each member the file brings that has none yet. */
export function listingChangesAfter(stagedOf: StagedOf, changedAt: string): SQL[] {
  const staged = stagedOf(organizationMembers);
  return [
    sql`INSERT INTO ${memberListingChanges} ${listingColumns}
      SELECT ${organizationMembers.id}, ${organizationMembers.listed}, 'import', ${changedAt}, 'import'
      FROM ${organizationMembers}
      WHERE ${organizationMembers.id} IN (SELECT ${staged.column("id")} FROM ${staged.from})
        AND NOT EXISTS (SELECT 1 FROM ${memberListingChanges}
          WHERE ${memberListingChanges.memberId} = ${organizationMembers.id})`,
  ];
}

/**
 * Before the upsert: the file's members let go of their mentors, so that the
 * upsert can hand them round (two members swapping mentors) without passing
 * through a moment where one mentor has two members.
 */
export function releaseMentorLinks(stagedOf: StagedOf): SQL[] {
  return [
    sql`UPDATE ${organizationMembers} SET ${sql.identifier(organizationMembers.mentorId.name)} = NULL
      WHERE ${organizationMembers.mentorId} IS NOT NULL
        AND ${organizationMembers.id} IN ${fileMemberIds(stagedOf)}`,
  ];
}

/** The file's member ids, as a subquery. */
const fileMemberIds = (stagedOf: StagedOf) => {
  const staged = stagedOf(organizationMembers);
  return sql`(SELECT ${staged.column("id")} FROM ${staged.from})`;
};

/** Members of the replaced organizations that the file does not list. */
function removedMembers(stagedOf: StagedOf, organizationIds: readonly number[]): SQL {
  return sql`${organizationMembers.organizationId} IN (SELECT value FROM json_each(${JSON.stringify(organizationIds)}))
    AND ${organizationMembers.id} NOT IN ${fileMemberIds(stagedOf)}`;
}

/** How many members --replace-roster removes: counted in the promotion, before it writes. */
export function removedMemberCount(stagedOf: StagedOf, organizationIds: readonly number[]): SQL {
  return sql`SELECT count(*) AS n FROM ${organizationMembers} WHERE ${removedMembers(stagedOf, organizationIds)}`;
}

/**
 * Before the upsert: the Idempotency-Keys whose answer shows a removed
 * member, the people whose only use was a removed membership (their
 * memberships, roles, preferences and history with them, by foreign key),
 * then the remaining removed memberships.
 */
export function replaceRosters(
  db: Database,
  stagedOf: StagedOf,
  organizationIds: readonly number[],
): SQL[] {
  if (organizationIds.length === 0) return [];
  const removed = removedMembers(stagedOf, organizationIds);
  const replaced = sql`(SELECT value FROM json_each(${JSON.stringify(organizationIds)}))`;
  // Anyone the file names stays: it may be adding them elsewhere.
  const fileUserIds = [users, preferences, organizationMembers, peerSupporters].map((table) => {
    const staged = stagedOf(table);
    return sql`SELECT ${staged.column(table === users ? "id" : "userId")} FROM ${staged.from}`;
  });
  return [
    keysShowingMembers(db, removed).getSQL(),
    sql`DELETE FROM ${users}
      WHERE ${users.id} IN (SELECT ${organizationMembers.userId} FROM ${organizationMembers} WHERE ${removed})
        AND NOT EXISTS (SELECT 1 FROM ${organizationMembers}
          WHERE ${organizationMembers.userId} = ${users.id} AND NOT (${removed}))
        AND NOT EXISTS (SELECT 1 FROM ${peerSupporters} WHERE ${peerSupporters.userId} = ${users.id}
          AND (${peerSupporters.organizationId} IS NULL OR ${peerSupporters.organizationId} NOT IN ${replaced}))
        AND ${users.id} NOT IN (${sql.join(fileUserIds, sql` UNION `)})`,
    sql`DELETE FROM ${organizationMembers} WHERE ${removed}`,
  ];
}
