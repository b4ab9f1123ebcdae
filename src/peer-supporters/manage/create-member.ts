import { eq, getTableName, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { withWriteRetries } from "../../db/d1-errors.ts";
import { newRevision } from "../../db/revision.ts";
import {
  idAllocations,
  memberListingChanges,
  organizationMemberRoles,
  organizationMembers,
  PEER_SUPPORTER_ROLE,
  users,
} from "../../db/schema.ts";
import {
  bioSearchColumns,
  firstNameSearchColumns,
  lastNameSearchColumns,
} from "../roster/search-index.ts";
import type { IdempotentCreate } from "../../http/idempotency.ts";
import { listingChangeColumns, managedMemberQuery, type Actor } from "./queries.ts";
import type { CreateMemberBody } from "./schemas.ts";
import { batchWithMentorLink, mentorOfOrganization } from "./mentor-link.ts";

/*
 * POST of the managed roster: the ids first, then one batch that writes
 * with them. Every insert there skips a row that is already in place, so
 * the batch, retried after a failure that came once it had committed, adds
 * nobody twice.
 */

type AllocatedTable = typeof users | typeof organizationMembers;

/**
 * Gives out the table's next id: one more than the last the API gave out and
 * than the table's largest (imports bring their own ids). The batch is one
 * transaction, so no other write interleaves, and a deleted member's id is
 * never given to someone else.
 */
function allocateId(db: Database, table: AllocatedTable) {
  const largest = sql`(SELECT coalesce(max(${table.id}), 0) FROM ${table})`;
  return db
    .insert(idAllocations)
    .values({ tableName: getTableName(table), lastId: sql`${largest} + 1` })
    .onConflictDoUpdate({
      target: idAllocations.tableName,
      set: { lastId: sql`max(${idAllocations.lastId}, ${largest}) + 1` },
    });
}

/**
 * Gives out the new person's and membership's ids, before the write that
 * uses them: so the write, run twice, adds nobody twice. A retried
 * allocation only skips an id.
 */
async function allocateMemberIds(db: Database, idempotent: IdempotentCreate | undefined) {
  const { user_id: reservedUser, member_id: reservedMember } = idempotent?.reserved ?? {};
  if (typeof reservedUser === "number" && typeof reservedMember === "number") {
    return { userId: reservedUser, memberId: reservedMember };
  }
  const lastIdOf = (table: AllocatedTable) =>
    db
      .select({ lastId: idAllocations.lastId })
      .from(idAllocations)
      .where(eq(idAllocations.tableName, getTableName(table)));
  const allocated = (table: AllocatedTable) =>
    sql`(SELECT ${idAllocations.lastId} FROM ${idAllocations} WHERE ${idAllocations.tableName} = ${getTableName(table)})`;
  const [, , [user], [member]] = await withWriteRetries(() =>
    db.batch([
      allocateId(db, users),
      allocateId(db, organizationMembers),
      lastIdOf(users),
      lastIdOf(organizationMembers),
      ...(idempotent
        ? [
            idempotent.reserve(
              sql`json_object('user_id', ${allocated(users)}, 'member_id', ${allocated(organizationMembers)})`,
            ),
          ]
        : []),
    ]),
  );
  if (!user || !member) throw new Error("no id was allocated");
  return { userId: user.lastId, memberId: member.lastId };
}

/** A new person and their membership in the organization, with the peer supporter role. */
export async function createManagedMember(
  db: Database,
  organizationId: number,
  body: CreateMemberBody,
  actor: Actor,
  idempotent?: IdempotentCreate,
) {
  const { userId, memberId } = await allocateMemberIds(db, idempotent);
  const results = await withWriteRetries(() =>
    batchWithMentorLink(db, [
      db
        .insert(users)
        .values({
          id: userId,
          firstName: body.first_name,
          lastName: body.last_name,
          timeZone: body.time_zone,
          avatar: body.avatar,
          ...firstNameSearchColumns(body.first_name),
          ...lastNameSearchColumns(body.last_name),
        })
        .onConflictDoNothing({ target: users.id }),
      db
        .insert(organizationMembers)
        .values({
          id: memberId,
          organizationId,
          userId,
          bio: body.bio,
          motivation: body.motivation,
          recoveryStatus: body.recovery_status,
          status: body.status,
          ...bioSearchColumns(body.bio),
          isPeerSupporter: true,
          listed: body.listed,
          topics: body.topics,
          mentorId: mentorOfOrganization(organizationId, body.mentor_id),
          revision: newRevision(),
          updatedBy: actor.by,
        })
        .onConflictDoNothing({ target: organizationMembers.id }),
      db
        .insert(organizationMemberRoles)
        .values({ organizationMemberId: memberId, role: PEER_SUPPORTER_ROLE })
        .onConflictDoNothing(),
      // The person's first choice is the first entry of their listing history (once).
      db.insert(memberListingChanges).select(
        db
          .select({
            id: sql<number>`NULL`.as("id"),
            memberId: sql<number>`${memberId}`.as("member_id"),
            ...listingChangeColumns(body.listed, actor),
          })
          .from(sql`(SELECT 1)`)
          .where(
            sql`NOT EXISTS (SELECT 1 FROM ${memberListingChanges} WHERE ${memberListingChanges.memberId} = ${memberId})`,
          ),
      ),
      managedMemberQuery(db, eq(organizationMembers.id, memberId)),
    ]),
  );
  const [row] = results[4];
  if (!row) throw new Error("the new member was not read back");
  return row;
}
