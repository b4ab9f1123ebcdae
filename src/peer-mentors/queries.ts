import { and, asc, count, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { batchStatements, type Database } from "../db/client.ts";
import { batchBound, bind, statementBuilder, value } from "../db/prebuilt.ts";
import { withWriteRetries } from "../db/d1-errors.ts";
import { keysShowingRecords } from "../db/idempotency-keys.ts";
import { ApiError } from "../http/errors.ts";
import type { IdempotentCreate } from "../http/idempotency.ts";
import { emailErasureStatements } from "../outbox/email-rows.ts";
import {
  certificationReminders,
  peerMentorStatusChanges,
  peerMentors,
  webhookEvents,
  type MentorStatus,
} from "../db/schema.ts";
import { rootCause } from "../db/root-cause.ts";
import { containsFoldedTerm, foldForSearch } from "../lib/fold.ts";
import { isoSeconds } from "../lib/time.ts";
import type { MentorRecord } from "./writes/mentor-changes.ts";
import type { LIST_SORTS } from "./schemas.ts";

export type MentorListOptions = {
  organizationId: number;
  statuses: MentorStatus[] | undefined;
  search: string | undefined;
  limit: number;
  offset: number;
  sort?: (typeof LIST_SORTS)[number] | undefined;
  /** Only mentors whose days_until_expiry at `now` is from 0 to this. */
  expiresWithinDays?: number | undefined;
  now?: Date;
};

const DAY_MS = 86_400_000;

/** Expiry instants from the start of today (UTC) to the end of the day `days` later. */
function expiryWindow(days: number, now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    expiryFrom: isoSeconds(new Date(today)),
    expiryBefore: isoSeconds(new Date(today + (days + 1) * DAY_MS)),
  };
}

function listOrder(sort: MentorListOptions["sort"]) {
  if (sort === "certification_expiry_date") {
    return [asc(peerMentors.certificationExpiryDate), asc(peerMentors.mentorId)];
  }
  if (sort === "-certification_expiry_date") {
    return [desc(peerMentors.certificationExpiryDate), asc(peerMentors.mentorId)];
  }
  return [asc(peerMentors.createdAt), asc(peerMentors.mentorId)];
}

/** What changes the list statements' SQL text: everything else is bound per request (src/db/prebuilt.ts). */
type MentorListShape = {
  statuses: number | undefined;
  search: boolean;
  expiring: boolean;
  sort: MentorListOptions["sort"];
};

const statusValue = (i: number) => value(`status${String(i)}`);

/** The list's two statements of one shape, built once: the page and the filtered total. */
function buildMentorList(shape: MentorListShape) {
  const conditions = and(
    eq(peerMentors.organizationId, value("organizationId")),
    shape.statuses === undefined
      ? undefined
      : inArray(
          peerMentors.status,
          Array.from({ length: shape.statuses }, (_, i) => statusValue(i)),
        ),
    shape.search
      ? containsFoldedTerm([peerMentors.fullNameSearch, peerMentors.emailSearch], value("search"))
      : undefined,
    shape.expiring
      ? and(
          gte(peerMentors.certificationExpiryDate, value("expiryFrom")),
          lt(peerMentors.certificationExpiryDate, value("expiryBefore")),
        )
      : undefined,
  );
  const page = statementBuilder
    .select()
    .from(peerMentors)
    .where(conditions)
    .orderBy(...listOrder(shape.sort))
    .limit(value("limit"))
    .offset(value("offset"));
  const total = statementBuilder.select({ total: count() }).from(peerMentors).where(conditions);
  return { page: page.prepare(), total: total.prepare() };
}

const builtMentorLists = new Map<string, ReturnType<typeof buildMentorList>>();

/** The list's two statements with this request's values: the page and the filtered total. */
export function mentorListStatements(options: MentorListOptions) {
  // IN is a set: each status once, so a shape has at most four, and a list
  // repeating one (status=active,active,…) builds no shape of its own.
  const statuses = options.statuses && [...new Set(options.statuses)];
  const shape: MentorListShape = {
    statuses: statuses?.length,
    search: options.search !== undefined,
    expiring: options.expiresWithinDays !== undefined,
    sort: options.sort,
  };
  const key = JSON.stringify(shape);
  let built = builtMentorLists.get(key);
  if (!built) {
    built = buildMentorList(shape);
    builtMentorLists.set(key, built);
  }
  const values: Record<string, unknown> = {
    organizationId: options.organizationId,
    search: options.search === undefined ? undefined : foldForSearch(options.search),
    ...(options.expiresWithinDays === undefined
      ? {}
      : expiryWindow(options.expiresWithinDays, options.now ?? new Date())),
    limit: options.limit,
    offset: options.offset,
  };
  statuses?.forEach((status, i) => (values[`status${String(i)}`] = status));
  return { page: bind(built.page, values), total: bind(built.total, values) };
}

/** How many of the organization's mentors have each status (all four, zero included). */
export function mentorCountsStatement(db: Database, organizationId: number) {
  return db
    .select({ status: peerMentors.status, count: count() })
    .from(peerMentors)
    .where(eq(peerMentors.organizationId, organizationId))
    .groupBy(peerMentors.status);
}

/** One page of an organization's mentors and the filtered total: one D1 round trip. */
export async function listMentors(db: Database, options: MentorListOptions) {
  const { page, total } = mentorListStatements(options);
  const [rows, [totalRow]] = await batchBound(db, [page, total]);
  return { rows, total: totalRow?.total ?? 0 };
}

function inOrganization(organizationId: number, mentorId: string) {
  return and(eq(peerMentors.organizationId, organizationId), eq(peerMentors.mentorId, mentorId));
}

const mentorById = statementBuilder
  .select()
  .from(peerMentors)
  .where(
    and(
      eq(peerMentors.organizationId, value("organizationId")),
      eq(peerMentors.mentorId, value("mentorId")),
    ),
  )
  .limit(1)
  .prepare();

/** The mentor, if it exists in this organization: another organization's mentor is not found. */
export async function findMentor(
  db: Database,
  organizationId: number,
  mentorId: string,
): Promise<MentorRecord | undefined> {
  const [[mentor]] = await batchBound(db, [bind(mentorById, { organizationId, mentorId })]);
  return mentor;
}

/** The database's answer to a second mentor with the same email in one organization: 409. */
export class EmailTakenError extends ApiError {
  constructor() {
    super(409, "A peer mentor with this email already exists in the organization");
  }
}

/** Turns the email index's constraint failure into EmailTakenError. */
export async function rejectingDuplicateEmail<T>(write: Promise<T>): Promise<T> {
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

/**
 * Stores a new mentor. The id is made before the first try, so a retry whose
 * first try committed inserts nothing (and is not an email conflict with
 * itself); under an Idempotency-Key the id is reserved with the insert, for
 * a later request's retry (src/http/idempotency.ts).
 */
export async function insertMentor(
  db: Database,
  mentor: MentorRecord,
  idempotent?: IdempotentCreate,
): Promise<void> {
  const insert = db
    .insert(peerMentors)
    .values(mentor)
    .onConflictDoNothing({ target: peerMentors.mentorId });
  const reservation = idempotent?.reserve(sql`json_object('mentor_id', ${mentor.mentorId})`);
  await withWriteRetries(() =>
    rejectingDuplicateEmail<unknown>(reservation ? db.batch([insert, reservation]) : insert),
  );
}

/**
 * Erases the mentor and everything that names them: status history (the
 * reason may be personal data), webhook events not yet delivered or
 * delivered (with their delivery records), sent reminders, and their emails
 * (src/outbox/email-rows.ts emailErasureStatements). False when there was no
 * such mentor here (with `revision`: none at that revision).
 */
export async function deleteMentor(
  db: Database,
  organizationId: number,
  mentorId: string,
  { revision, now = new Date() }: { revision?: string; now?: Date } = {},
): Promise<boolean> {
  // With a revision (If-Match), only the record as the client saw it is erased.
  const theMentor = and(
    inOrganization(organizationId, mentorId),
    revision === undefined ? undefined : eq(peerMentors.revision, revision),
  );
  const ofThisMentor = (column: SQLiteColumn) =>
    inArray(
      column,
      db.select({ mentorId: peerMentors.mentorId }).from(peerMentors).where(theMentor),
    );
  const stillThere = sql`EXISTS (SELECT 1 FROM ${peerMentors} WHERE ${theMentor})`;
  const erasures = [
    db.delete(peerMentorStatusChanges).where(ofThisMentor(peerMentorStatusChanges.mentorId)),
    // The stored answer to the POST that created them (Idempotency-Key) shows them too.
    keysShowingRecords(db, {
      field: "mentor_id",
      reservedField: "mentor_id",
      records: sql`SELECT ${peerMentors.organizationId}, ${peerMentors.mentorId} FROM ${peerMentors} WHERE ${theMentor}`,
    }),
    db.delete(webhookEvents).where(ofThisMentor(webhookEvents.mentorId)),
    db.delete(certificationReminders).where(ofThisMentor(certificationReminders.mentorId)),
    ...emailErasureStatements(organizationId, mentorId, isoSeconds(now), stillThere),
  ];
  // Idempotent: run twice, the second finds nothing (and answers false).
  const results = await withWriteRetries(() =>
    batchStatements(db, [
      ...erasures,
      db.delete(peerMentors).where(theMentor).returning({ mentorId: peerMentors.mentorId }),
    ]),
  );
  return (results[erasures.length] ?? []).length > 0;
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
        actorKind: peerMentorStatusChanges.actorKind,
        actorId: peerMentorStatusChanges.actorId,
        actorName: peerMentorStatusChanges.actorName,
      })
      .from(peerMentorStatusChanges)
      .innerJoin(peerMentors, eq(peerMentors.mentorId, peerMentorStatusChanges.mentorId))
      .where(inOrganization(organizationId, mentorId))
      .orderBy(desc(peerMentorStatusChanges.id)),
  ]);
  return mentor.length > 0 ? changes : undefined;
}
