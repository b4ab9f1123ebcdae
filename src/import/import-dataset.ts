import { getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { createDatabase, type Database } from "../db/client.ts";
import {
  organizationMemberRoles,
  organizationMembers,
  organizations,
  PEER_SUPPORTER_ROLE,
  peerMentors,
  peerSupporters,
  preferences,
  users,
} from "../db/schema.ts";
import { issueDetails, rootCause, type ErrorDetail } from "../http/errors.ts";
import { newMentorRecord } from "../peer-mentors/mentor-changes.ts";
import { foldForSearch } from "../search/fold.ts";
import { datasetSchema, type Dataset } from "./dataset-schema.ts";

export type ImportResult =
  { ok: true; written: Record<keyof Dataset, number> } | { ok: false; errors: ErrorDetail[] };

// D1 binds at most 100 parameters per statement.
const MAX_BOUND_PARAMETERS = 100;

export type ImportOptions = {
  /** CERT_WARNING_DAYS: mentors' statuses are derived on import. */
  certWarningDays: number;
  now?: Date;
};

/**
 * Validates a whole import file, then upserts it by id in one D1 batch, which
 * D1 runs as a single transaction: either every record is written or none.
 * Errors name the record as `collection[index].field`.
 */
export async function importDataset(
  d1: D1Database,
  input: unknown,
  { certWarningDays, now = new Date() }: ImportOptions,
): Promise<ImportResult> {
  const parsed = datasetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issueDetails(parsed.error.issues) };
  const dataset = parsed.data;
  const db = createDatabase(d1);

  const mentorOrganizations = await resolveMentorOrganizations(db, dataset);
  const errors = [
    ...findDuplicates(dataset),
    ...(await findMissingReferences(db, dataset)),
    ...mentorOrganizations.errors,
  ];
  if (errors.length > 0) return { ok: false, errors };

  const mentors = dataset.peer_mentors.map((r) =>
    newMentorRecord(
      {
        mentorId: r.mentor_id,
        fullName: r.full_name,
        email: r.email,
        phone: r.phone,
        isHlf: r.is_hlf,
        isPaused: r.is_paused,
        certificationExpiryDate: r.certification_expiry_date,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
      mentorOrganizations.ids.get(r.org_id) ?? 0,
      { now, warningDays: certWarningDays },
    ),
  );
  const [first, ...rest] = [
    ...buildWrites(db, dataset),
    ...upserts(db, peerMentors, peerMentors.mentorId, mentors),
  ];
  if (first) {
    try {
      await db.batch([first, ...rest]);
    } catch (error) {
      // A constraint the file cannot show on its own, e.g. a public_id already
      // used by another organization in the database. The batch rolled back.
      const cause = rootCause(error);
      const message = cause instanceof Error ? cause.message : String(cause);
      return { ok: false, errors: [{ field: "(database)", message }] };
    }
  }
  return {
    ok: true,
    written: {
      organizations: dataset.organizations.length,
      users: dataset.users.length,
      preferences: dataset.preferences.length,
      organization_members: dataset.organization_members.length,
      peer_supporters: dataset.peer_supporters.length,
      peer_mentors: dataset.peer_mentors.length,
    },
  };
}

function duplicatesIn<T>(
  collection: string,
  records: T[],
  field: string,
  keyOf: (record: T) => string | number | undefined,
  what: string,
): ErrorDetail[] {
  const firstIndex = new Map<string | number, number>();
  const errors: ErrorDetail[] = [];
  records.forEach((record, index) => {
    const key = keyOf(record);
    if (key === undefined) return;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else
      errors.push({
        field: `${collection}[${index}].${field}`,
        message: `${what} as ${collection}[${first}]`,
      });
  });
  return errors;
}

function findDuplicates(dataset: Dataset): ErrorDetail[] {
  const sameId = "same id";
  return [
    ...duplicatesIn("organizations", dataset.organizations, "id", (r) => r.id, sameId),
    ...duplicatesIn(
      "organizations",
      dataset.organizations,
      "public_id",
      (r) => r.public_id,
      "same public_id",
    ),
    ...duplicatesIn("users", dataset.users, "id", (r) => r.id, sameId),
    ...duplicatesIn(
      "preferences",
      dataset.preferences,
      "user_id",
      (r) => r.user_id,
      "same user_id",
    ),
    ...duplicatesIn(
      "organization_members",
      dataset.organization_members,
      "id",
      (r) => r.id,
      sameId,
    ),
    ...duplicatesIn(
      "organization_members",
      dataset.organization_members,
      "user_id",
      (r) => `${r.organization_id}:${r.user_id}`,
      "same user in the same organization",
    ),
    ...duplicatesIn("peer_supporters", dataset.peer_supporters, "id", (r) => r.id, sameId),
    ...duplicatesIn(
      "peer_mentors",
      dataset.peer_mentors,
      "mentor_id",
      (r) => r.mentor_id,
      "same mentor_id",
    ),
    ...duplicatesIn(
      "peer_mentors",
      dataset.peer_mentors,
      "email",
      (r) => `${r.org_id}:${r.email}`,
      "same email in the same organization",
    ),
    ...duplicatesIn(
      "peer_supporters",
      dataset.peer_supporters,
      "user_id",
      (r) => (r.organization_id === null && r.status === "active" ? r.user_id : undefined),
      "a second active platform-level profile for the same user",
    ),
  ];
}

type Reference = { field: string; id: number };

/** Ids a reference points at that are neither in the file nor already in `table`. */
async function missingIds(
  db: Database,
  table: typeof organizations | typeof users,
  references: Reference[],
  idsInFile: Set<number>,
): Promise<Set<number>> {
  const unresolved = [...new Set(references.map((r) => r.id))].filter((id) => !idsInFile.has(id));
  if (unresolved.length === 0) return new Set();
  // One JSON parameter, however many ids: D1 allows only 100 bound parameters.
  const rows = await db.all<{ id: number }>(
    sql`SELECT value AS id FROM json_each(${JSON.stringify(unresolved)})
        WHERE value NOT IN (SELECT ${table.id} FROM ${table})`,
  );
  return new Set(rows.map((row) => row.id));
}

async function findMissingReferences(db: Database, dataset: Dataset): Promise<ErrorDetail[]> {
  const organizationRefs: Reference[] = [
    ...dataset.organization_members.map((r, i) => ({
      field: `organization_members[${i}].organization_id`,
      id: r.organization_id,
    })),
    ...dataset.peer_supporters.flatMap((r, i) =>
      r.organization_id === null
        ? []
        : [{ field: `peer_supporters[${i}].organization_id`, id: r.organization_id }],
    ),
  ];
  const userRefs: Reference[] = [
    ...dataset.preferences.map((r, i) => ({ field: `preferences[${i}].user_id`, id: r.user_id })),
    ...dataset.organization_members.map((r, i) => ({
      field: `organization_members[${i}].user_id`,
      id: r.user_id,
    })),
    ...dataset.peer_supporters.map((r, i) => ({
      field: `peer_supporters[${i}].user_id`,
      id: r.user_id,
    })),
  ];
  const missingOrganizations = await missingIds(
    db,
    organizations,
    organizationRefs,
    new Set(dataset.organizations.map((r) => r.id)),
  );
  const missingUsers = await missingIds(
    db,
    users,
    userRefs,
    new Set(dataset.users.map((r) => r.id)),
  );
  return [
    ...organizationRefs
      .filter((ref) => missingOrganizations.has(ref.id))
      .map((ref) => ({
        field: ref.field,
        message: `no organization with id ${ref.id} in the file or the database`,
      })),
    ...userRefs
      .filter((ref) => missingUsers.has(ref.id))
      .map((ref) => ({
        field: ref.field,
        message: `no user with id ${ref.id} in the file or the database`,
      })),
  ];
}

/** Organization ids for the mentors' org_id (a public id), from the file or the database. */
async function resolveMentorOrganizations(db: Database, dataset: Dataset) {
  const ids = new Map(dataset.organizations.map((o) => [o.public_id, o.id]));
  const unresolved = [...new Set(dataset.peer_mentors.map((m) => m.org_id))].filter(
    (publicId) => !ids.has(publicId),
  );
  if (unresolved.length > 0) {
    const found = await db
      .select({ id: organizations.id, publicId: organizations.publicId })
      .from(organizations)
      .where(
        inArray(
          organizations.publicId,
          sql`(SELECT value FROM json_each(${JSON.stringify(unresolved)}))`,
        ),
      );
    for (const organization of found) ids.set(organization.publicId, organization.id);
  }
  const errors = dataset.peer_mentors.flatMap((m, i) =>
    ids.has(m.org_id)
      ? []
      : [
          {
            field: `peer_mentors[${i}].org_id`,
            message: `no organization ${m.org_id} in the file or the database`,
          },
        ],
  );
  return { ids, errors };
}

/**
 * INSERT ... ON CONFLICT DO UPDATE of every column but the conflict target,
 * in statements small enough for D1's bound-parameter limit.
 */
function upserts<T extends SQLiteTable>(
  db: Database,
  table: T,
  target: SQLiteColumn,
  rows: T["$inferInsert"][],
): BatchItem<"sqlite">[] {
  const columns = Object.entries(getTableColumns(table));
  const set: Record<string, SQL> = Object.fromEntries(
    columns
      .filter(([, column]) => column !== target)
      .map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  );
  return chunks(rows, Math.floor(MAX_BOUND_PARAMETERS / columns.length)).map((chunk) =>
    db.insert(table).values(chunk).onConflictDoUpdate({ target, set }),
  );
}

function chunks<T>(rows: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size)
    result.push(rows.slice(start, start + size));
  return result;
}

function buildWrites(db: Database, dataset: Dataset): BatchItem<"sqlite">[] {
  const members = dataset.organization_members;
  const roles = members.flatMap((m) =>
    [...new Set(m.roles)].map((role) => ({ organizationMemberId: m.id, role })),
  );
  const roleInserts = chunks(roles, MAX_BOUND_PARAMETERS / 2).map((chunk) =>
    db.insert(organizationMemberRoles).values(chunk),
  );

  return [
    ...upserts(
      db,
      organizations,
      organizations.id,
      dataset.organizations.map((r) => ({ id: r.id, publicId: r.public_id, name: r.name })),
    ),
    ...upserts(
      db,
      users,
      users.id,
      dataset.users.map((r) => ({
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        timeZone: r.time_zone,
        about: r.about,
        avatar: r.avatar,
        firstNameSearch: foldForSearch(r.first_name),
        lastNameSearch: foldForSearch(r.last_name ?? ""),
      })),
    ),
    ...upserts(
      db,
      preferences,
      preferences.userId,
      dataset.preferences.map((r) => ({
        userId: r.user_id,
        peerSupportInterests: r.peer_support_interests,
        availability: r.availability,
        greetings: r.greetings,
        motivation: r.motivation,
        recoveryStatus: r.recovery_status,
      })),
    ),
    ...upserts(
      db,
      organizationMembers,
      organizationMembers.id,
      members.map((r) => ({
        id: r.id,
        organizationId: r.organization_id,
        userId: r.user_id,
        bio: r.bio,
        motivation: r.motivation,
        recoveryStatus: r.recovery_status,
        status: r.status,
        rating: r.rating,
        feedbackCount: r.feedback_count,
        bioSearch: foldForSearch(r.bio ?? ""),
        isPeerSupporter: r.roles.includes(PEER_SUPPORTER_ROLE),
      })),
    ),
    // A member's roles are replaced by the file's list.
    ...(members.length === 0
      ? []
      : [
          db
            .delete(organizationMemberRoles)
            .where(
              inArray(
                organizationMemberRoles.organizationMemberId,
                sql`(SELECT value FROM json_each(${JSON.stringify(members.map((m) => m.id))}))`,
              ),
            ),
        ]),
    ...roleInserts,
    ...upserts(
      db,
      peerSupporters,
      peerSupporters.id,
      dataset.peer_supporters.map((r) => ({
        id: r.id,
        userId: r.user_id,
        organizationId: r.organization_id,
        status: r.status,
        rating: r.rating,
        ratingsCount: r.ratings_count,
      })),
    ),
  ];
}
