import { and, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../db/client.ts";
import { withWriteRetries } from "../../db/d1-errors.ts";
import { keysShowingMembers } from "../../db/idempotency-keys.ts";
import { newRevision } from "../../db/revision.ts";
import {
  memberListingChanges,
  organizationMembers,
  peerMentors,
  peerSupporters,
  users,
  type MentorStatus,
  type StatusChangeActor,
  type StatusChangeActorKind,
} from "../../db/schema.ts";
import {
  bioSearchColumns,
  firstNameSearchColumns,
  lastNameSearchColumns,
} from "../roster/search-index.ts";
import { isoSeconds } from "../../lib/time.ts";
import type { UpdateMemberBody } from "./schemas.ts";
import { batchWithMentorLink, mentorOfOrganization } from "./mentor-link.ts";
import { supporterColumns, withSupporterJoins } from "../roster/queries.ts";

/*
 * Writes of the managed roster. Each is one D1 batch (one transaction, one
 * round trip) that ends by reading the record back, and every statement is
 * guarded by the same conditions, so a write that may not happen changes
 * nothing and the read says why.
 */

/** Who made a change and when: an API key or a console member, kept in the listing history. */
export type Actor = { by: StatusChangeActor; now: Date };

/**
 * A listing history row's columns after `member_id`, in the table's order,
 * for an insert-select: `listed` as given, made by `actor` now.
 */
export function listingChangeColumns(listed: boolean, actor: Actor) {
  const { by } = actor;
  const id = "id" in by ? by.id : null;
  return {
    listed: sql<boolean>`${listed}`.as("listed"),
    source: sql<"api">`'api'`.as("source"),
    // The key's id, as before actors were recorded: the API's `key_id`.
    keyId: sql<string | null>`${by.kind === "api_key" ? id : null}`.as("key_id"),
    changedAt: sql<string>`${isoSeconds(actor.now)}`.as("changed_at"),
    actorKind: sql<StatusChangeActorKind>`${by.kind}`.as("actor_kind"),
    actorId: sql<string | null>`${id}`.as("actor_id"),
    actorName: sql<string | null>`${"name" in by ? by.name : null}`.as("actor_name"),
  };
}

/** The organization's peer supporter `memberId`, as a condition on organization_members. */
function isOrganizationsSupporter(organizationId: number, memberId: number): SQL | undefined {
  return and(eq(organizationMembers.id, memberId), organizationsSupporters(organizationId));
}

/** Whether the member's person also belongs to another organization (then their own fields are shared). */
const sharedWithAnotherOrganization = sql<number>`EXISTS (SELECT 1 FROM ${organizationMembers} AS other
  WHERE other.user_id = ${organizationMembers.userId}
    AND other.organization_id <> ${organizationMembers.organizationId})`;

/**
 * The managed records of the members `condition` picks (in no order): the
 * read every managed route answers with, and the console's roster list.
 * `shared` tells PATCH whether person fields may change.
 */
export function managedMembersQuery(db: Database, condition: SQL | undefined) {
  return withSupporterJoins(
    db
      .select({
        ...supporterColumns,
        listed: organizationMembers.listed,
        mentorId: organizationMembers.mentorId,
        revision: organizationMembers.revision,
        updatedBy: organizationMembers.updatedBy,
        // The linked mentor's status and facts the visibility rule reads (null without a mentor).
        mentorStatus: sql<MentorStatus | null>`${peerMentors.status}`.as("mentor_status"),
        mentorIsPaused: sql<number | null>`${peerMentors.isPaused}`.as("mentor_is_paused"),
        mentorIsManuallyExpired: sql<number | null>`${peerMentors.isManuallyExpired}`.as(
          "mentor_is_manually_expired",
        ),
        mentorExpiryDate: sql<string | null>`${peerMentors.certificationExpiryDate}`.as(
          "mentor_expiry_date",
        ),
        listedChangedAt: sql<string | null>`(SELECT ${memberListingChanges.changedAt}
          FROM ${memberListingChanges} WHERE ${memberListingChanges.memberId} = ${organizationMembers.id}
          ORDER BY ${memberListingChanges.id} DESC LIMIT 1)`.as("listed_changed_at"),
        shared: sharedWithAnotherOrganization.as("shared"),
      })
      .from(organizationMembers)
      .$dynamic(),
  )
    .leftJoin(peerMentors, eq(peerMentors.mentorId, organizationMembers.mentorId))
    .where(condition);
}

/** One managed record: the read every managed route answers with. */
export const managedMemberQuery = (db: Database, condition: SQL | undefined) =>
  managedMembersQuery(db, condition).limit(1);

export type ManagedMemberRow = Awaited<ReturnType<typeof managedMemberQuery>>[number];

/** The organization's peer supporters, as a condition on organization_members. */
export const organizationsSupporters = (organizationId: number) =>
  and(
    eq(organizationMembers.organizationId, organizationId),
    eq(organizationMembers.isPeerSupporter, true),
  );

export async function findManagedMember(db: Database, organizationId: number, memberId: number) {
  const [row] = await managedMemberQuery(db, isOrganizationsSupporter(organizationId, memberId));
  return row;
}

const PERSON_COLUMNS = {
  first_name: "firstName",
  last_name: "lastName",
  time_zone: "timeZone",
  avatar: "avatar",
} as const;

/**
 * Applies `body` to the organization's peer supporter. The person's own
 * fields change only while they belong to no other organization; otherwise
 * nothing changes and the result says `shared`.
 */
export async function updateManagedMember(
  db: Database,
  organizationId: number,
  memberId: number,
  body: UpdateMemberBody,
  actor: Actor,
  /** If-Match: the revision the client's copy had; nothing changes unless it still has it. */
  expectedRevision?: string,
): Promise<
  | { outcome: "not_found" }
  | { outcome: "shared" }
  | { outcome: "changed" }
  | { outcome: "updated"; row: ManagedMemberRow }
> {
  const personChanges = Object.entries(PERSON_COLUMNS).filter(([field]) => field in body);
  const member = and(
    isOrganizationsSupporter(organizationId, memberId),
    expectedRevision === undefined ? undefined : eq(organizationMembers.revision, expectedRevision),
  );
  const revision = newRevision();
  // With person fields, every statement also requires that nobody else shares the person.
  const guard =
    personChanges.length > 0 ? and(member, sql`NOT ${sharedWithAnotherOrganization}`) : member;

  const statements: BatchItem<"sqlite">[] = [];
  if (body.listed !== undefined) {
    // Before the update: a row only where the value really changes.
    statements.push(
      db.insert(memberListingChanges).select(
        db
          .select({
            // Insert-select takes every column in order; a NULL id is the next rowid.
            id: sql<number>`NULL`.as("id"),
            memberId: organizationMembers.id,
            ...listingChangeColumns(body.listed, actor),
          })
          .from(organizationMembers)
          .where(and(guard, ne(organizationMembers.listed, body.listed))),
      ),
    );
  }
  const memberSet = {
    ...(body.bio !== undefined && { bio: body.bio, ...bioSearchColumns(body.bio) }),
    ...(body.motivation !== undefined && { motivation: body.motivation }),
    ...(body.recovery_status !== undefined && { recoveryStatus: body.recovery_status }),
    ...(body.status !== undefined && { status: body.status }),
    ...(body.listed !== undefined && { listed: body.listed }),
    ...(body.topics !== undefined && { topics: body.topics }),
    ...(body.mentor_id !== undefined && {
      mentorId: mentorOfOrganization(organizationId, body.mentor_id),
    }),
  };
  // Last among the writes (the person's row is found through the guard), so every statement sees
  // the revision the client's copy had; the write's own new one marks it as landed.
  const bumpRevision = db
    .update(organizationMembers)
    .set({ ...memberSet, revision, updatedBy: actor.by })
    .where(guard);
  if (personChanges.length > 0) {
    const personSet: Partial<typeof users.$inferInsert> = {
      ...Object.fromEntries(
        personChanges.map(([field, column]) => [
          column,
          body[field as keyof typeof PERSON_COLUMNS],
        ]),
      ),
      ...(body.first_name !== undefined && firstNameSearchColumns(body.first_name)),
      ...(body.last_name !== undefined && lastNameSearchColumns(body.last_name)),
    };
    statements.push(
      db
        .update(users)
        .set(personSet)
        .where(
          eq(
            users.id,
            sql`(SELECT ${organizationMembers.userId} FROM ${organizationMembers} WHERE ${guard})`,
          ),
        ),
    );
  }
  statements.push(
    bumpRevision,
    managedMemberQuery(db, isOrganizationsSupporter(organizationId, memberId)),
  );
  // Every statement is guarded or sets values, so a batch run twice changes nothing twice.
  const results: unknown[] = await withWriteRetries(() =>
    batchWithMentorLink(db, statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]),
  );
  // The read is last: drizzle maps its rows like any select's.
  const [row] = results.at(-1) as ManagedMemberRow[];
  if (!row) return { outcome: "not_found" };
  if (personChanges.length > 0 && row.shared) return { outcome: "shared" };
  if (row.revision !== revision) return { outcome: "changed" };
  return { outcome: "updated", row };
}

/**
 * Removes the organization's peer supporter: the membership, its roles,
 * listing history and search index row (foreign keys and triggers), and the
 * person's own record when no other organization or platform profile uses it.
 */
export async function deleteManagedMember(
  db: Database,
  organizationId: number,
  memberId: number,
  /** If-Match: only the member as the client saw it. */
  expectedRevision?: string,
) {
  const member = and(
    isOrganizationsSupporter(organizationId, memberId),
    expectedRevision === undefined ? undefined : eq(organizationMembers.revision, expectedRevision),
  );
  // Idempotent: a second run finds nothing to delete (and answers false).
  const [found] = await withWriteRetries(() =>
    db.batch([
      db.select({ id: organizationMembers.id }).from(organizationMembers).where(member),
      // The stored answer to the POST that added them (Idempotency-Key) shows them too.
      keysShowingMembers(db, member),
      // Deleting the person takes the membership with it (ON DELETE CASCADE).
      db.delete(users).where(
        and(
          eq(
            users.id,
            sql`(SELECT ${organizationMembers.userId} FROM ${organizationMembers} WHERE ${member})`,
          ),
          sql`NOT EXISTS (SELECT 1 FROM ${organizationMembers}
          WHERE ${organizationMembers.userId} = ${users.id} AND ${organizationMembers.id} <> ${memberId})`,
          // A platform-level profile, or another organization's, is someone else's use of the
          // person; this organization's own profile of them goes with them.
          sql`NOT EXISTS (SELECT 1 FROM ${peerSupporters} WHERE ${peerSupporters.userId} = ${users.id}
          AND (${peerSupporters.organizationId} IS NULL OR ${peerSupporters.organizationId} <> ${organizationId}))`,
        ),
      ),
      db.delete(organizationMembers).where(member),
    ]),
  );
  return found.length > 0;
}

/** The member's listing changes, newest first; undefined when not the organization's supporter. */
export async function listingHistory(db: Database, organizationId: number, memberId: number) {
  const [found, changes] = await db.batch([
    db
      .select({ id: organizationMembers.id })
      .from(organizationMembers)
      .where(isOrganizationsSupporter(organizationId, memberId)),
    db
      .select({
        listed: memberListingChanges.listed,
        changedAt: memberListingChanges.changedAt,
        source: memberListingChanges.source,
        keyId: memberListingChanges.keyId,
        actorKind: memberListingChanges.actorKind,
        actorId: memberListingChanges.actorId,
        actorName: memberListingChanges.actorName,
      })
      .from(memberListingChanges)
      .innerJoin(organizationMembers, eq(organizationMembers.id, memberListingChanges.memberId))
      .where(
        and(
          eq(memberListingChanges.memberId, memberId),
          eq(organizationMembers.organizationId, organizationId),
        ),
      )
      .orderBy(desc(memberListingChanges.id)),
  ]);
  return found.length > 0 ? changes : undefined;
}
