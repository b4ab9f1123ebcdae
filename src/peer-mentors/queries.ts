import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import {
  certificationReminders,
  peerMentorStatusChanges,
  peerMentors,
  webhookEvents,
  type MentorStatus,
} from "../db/schema.ts";
import { deliveryTargets, type DeliveryMessage } from "../webhooks/dispatch.ts";
import { statusChangedEvent } from "../outbox/webhook-events.ts";

/** Events a write committed, and the deliveries still to put on the queue. */
type Pending = { eventIds: string[]; targets: DeliveryMessage[] };
import { rootCause } from "../http/errors.ts";
import { containsFoldedTerm, foldForSearch } from "../search/fold.ts";
import type { MentorRecord } from "./mentor-changes.ts";

export type MentorListOptions = {
  organizationId: number;
  statuses: MentorStatus[] | undefined;
  search: string | undefined;
  limit: number;
  offset: number;
};

/** The list's two statements, unexecuted: the page and the filtered total. */
export function mentorListStatements(db: Database, options: MentorListOptions) {
  const conditions = and(
    eq(peerMentors.organizationId, options.organizationId),
    options.statuses ? inArray(peerMentors.status, options.statuses) : undefined,
    options.search === undefined
      ? undefined
      : containsFoldedTerm(
          [peerMentors.fullNameSearch, peerMentors.emailSearch],
          foldForSearch(options.search),
        ),
  );
  const page = db
    .select()
    .from(peerMentors)
    .where(conditions)
    .orderBy(asc(peerMentors.createdAt), asc(peerMentors.mentorId))
    .limit(options.limit)
    .offset(options.offset);
  const total = db.select({ total: count() }).from(peerMentors).where(conditions);
  return { page, total };
}

/** One page of an organization's mentors and the filtered total: one D1 round trip. */
export async function listMentors(db: Database, options: MentorListOptions) {
  const { page, total } = mentorListStatements(db, options);
  const [rows, [totalRow]] = await db.batch([page, total]);
  return { rows, total: totalRow?.total ?? 0 };
}

function inOrganization(organizationId: number, mentorId: string) {
  return and(eq(peerMentors.organizationId, organizationId), eq(peerMentors.mentorId, mentorId));
}

/** The mentor, if it exists in this organization: another organization's mentor is not found. */
export async function findMentor(
  db: Database,
  organizationId: number,
  mentorId: string,
): Promise<MentorRecord | undefined> {
  const [mentor] = await db
    .select()
    .from(peerMentors)
    .where(inOrganization(organizationId, mentorId))
    .limit(1);
  return mentor;
}

/** The database's answer to a second mentor with the same email in one organization. */
export class EmailTakenError extends Error {
  constructor() {
    super("A peer mentor with this email already exists in the organization");
  }
}

async function rejectingDuplicateEmail<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    // SQLite names the index's columns: "UNIQUE constraint failed: peer_mentors.organization_id, peer_mentors.email".
    const cause = rootCause(error);
    if (
      cause instanceof Error &&
      /UNIQUE constraint failed: .*peer_mentors\.email/.test(cause.message)
    ) {
      throw new EmailTakenError();
    }
    throw error;
  }
}

export async function insertMentor(db: Database, mentor: MentorRecord): Promise<void> {
  await rejectingDuplicateEmail(db.insert(peerMentors).values(mentor));
}

/**
 * Writes `after` over `before` and, when the status changed, its history
 * entry and its `peer_mentor.status_changed` event (the webhook outbox): one
 * batch, so all or nothing. The same round trip finds where the event goes.
 */
export async function saveMentorChange(
  db: Database,
  before: MentorRecord,
  after: MentorRecord,
  {
    reason,
    source,
    organizationPublicId,
  }: { reason: string | null; source: "api" | "cron"; organizationPublicId: string },
): Promise<Pending> {
  const update = db
    .update(peerMentors)
    .set(after)
    .where(inOrganization(before.organizationId, before.mentorId));
  if (after.status === before.status) {
    await rejectingDuplicateEmail(update);
    return { eventIds: [], targets: [] };
  }
  const history = db.insert(peerMentorStatusChanges).values({
    mentorId: after.mentorId,
    fromStatus: before.status,
    toStatus: after.status,
    reason,
    source,
    changedAt: after.updatedAt,
  });
  const event = statusChangedEvent(db, {
    mentorId: after.mentorId,
    organizationId: after.organizationId,
    organizationPublicId,
    fromStatus: before.status,
    toStatus: after.status,
    source,
    reason,
    changedAt: after.updatedAt,
  });
  const [, , events, targets] = await rejectingDuplicateEmail(
    db.batch([update, history, event.insert, deliveryTargets(db, [event.eventId])]),
  );
  return { eventIds: events.map((written) => written.eventId), targets };
}

/**
 * Erases the mentor and everything that names them: status history (the
 * reason may be personal data), webhook events not yet delivered or
 * delivered (with their delivery records) and sent reminders. False when
 * there was no such mentor here.
 */
export async function deleteMentor(
  db: Database,
  organizationId: number,
  mentorId: string,
): Promise<boolean> {
  const ofThisMentor = (column: SQLiteColumn) =>
    inArray(
      column,
      db
        .select({ mentorId: peerMentors.mentorId })
        .from(peerMentors)
        .where(inOrganization(organizationId, mentorId)),
    );
  const [, , , deleted] = await db.batch([
    db.delete(peerMentorStatusChanges).where(ofThisMentor(peerMentorStatusChanges.mentorId)),
    db.delete(webhookEvents).where(ofThisMentor(webhookEvents.mentorId)),
    db.delete(certificationReminders).where(ofThisMentor(certificationReminders.mentorId)),
    db
      .delete(peerMentors)
      .where(inOrganization(organizationId, mentorId))
      .returning({ mentorId: peerMentors.mentorId }),
  ]);
  return deleted.length > 0;
}

/** The mentor's status changes, newest first; undefined when there is no such mentor here. */
export async function mentorStatusHistory(db: Database, organizationId: number, mentorId: string) {
  const [mentor, changes] = await db.batch([
    db
      .select({ mentorId: peerMentors.mentorId })
      .from(peerMentors)
      .where(inOrganization(organizationId, mentorId)),
    db
      .select({
        fromStatus: peerMentorStatusChanges.fromStatus,
        toStatus: peerMentorStatusChanges.toStatus,
        reason: peerMentorStatusChanges.reason,
        source: peerMentorStatusChanges.source,
        changedAt: peerMentorStatusChanges.changedAt,
      })
      .from(peerMentorStatusChanges)
      .innerJoin(peerMentors, eq(peerMentors.mentorId, peerMentorStatusChanges.mentorId))
      .where(inOrganization(organizationId, mentorId))
      .orderBy(desc(peerMentorStatusChanges.id)),
  ]);
  return mentor.length > 0 ? changes : undefined;
}
