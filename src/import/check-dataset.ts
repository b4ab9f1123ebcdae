import { inArray, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import { organizationMembers, organizations, peerMentors, users } from "../db/schema.ts";
import type { ErrorDetail } from "../http/errors.ts";
import type { Dataset } from "./dataset-schema.ts";

/*
 * What an import file must satisfy beyond its schema, checked before anything
 * is written: no record twice, and every reference resolvable in the file or
 * the database. Errors name the record as `collection[index].field`.
 */

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

export function findDuplicates(dataset: Dataset): ErrorDetail[] {
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

/** `column IN values`, the values as one JSON parameter: D1 allows only 100 bound parameters. */
function inJsonList(column: SQLiteColumn, values: readonly (string | number)[]) {
  return inArray(column, sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`);
}

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

export async function findMissingReferences(
  db: Database,
  dataset: Dataset,
): Promise<ErrorDetail[]> {
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
export async function resolveMentorOrganizations(db: Database, dataset: Dataset) {
  const ids = new Map(dataset.organizations.map((o) => [o.public_id, o.id]));
  const unresolved = [...new Set(dataset.peer_mentors.map((m) => m.org_id))].filter(
    (publicId) => !ids.has(publicId),
  );
  if (unresolved.length > 0) {
    const found = await db
      .select({ id: organizations.id, publicId: organizations.publicId })
      .from(organizations)
      .where(inJsonList(organizations.publicId, unresolved));
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
 * A member's `mentor_id` must name a mentor of the member's own organization,
 * in the file or the database, and no two members of the file the same one.
 */
export async function findMentorLinkErrors(
  db: Database,
  dataset: Dataset,
  organizationIds: ReadonlyMap<string, number>,
): Promise<ErrorDetail[]> {
  const linked = dataset.organization_members.flatMap((member, index) =>
    member.mentor_id === null ? [] : [{ member, index, mentorId: member.mentor_id }],
  );
  if (linked.length === 0) return [];
  const mentorOrganization = new Map(
    dataset.peer_mentors.map((m) => [m.mentor_id, organizationIds.get(m.org_id)]),
  );
  const unresolved = [...new Set(linked.map((l) => l.mentorId))].filter(
    (id) => !mentorOrganization.has(id),
  );
  if (unresolved.length > 0) {
    const stored = await db
      .select({ mentorId: peerMentors.mentorId, organizationId: peerMentors.organizationId })
      .from(peerMentors)
      .where(inJsonList(peerMentors.mentorId, unresolved));
    for (const mentor of stored) mentorOrganization.set(mentor.mentorId, mentor.organizationId);
  }
  // A mentor another member already holds, where that member is not in the file to let go of it.
  const fileMemberIds = new Set(dataset.organization_members.map((m) => m.id));
  const holders = await db
    .select({ memberId: organizationMembers.id, mentorId: organizationMembers.mentorId })
    .from(organizationMembers)
    .where(inJsonList(organizationMembers.mentorId, [...new Set(linked.map((l) => l.mentorId))]));
  const heldElsewhere = new Map(
    holders.filter((h) => !fileMemberIds.has(h.memberId)).map((h) => [h.mentorId, h.memberId]),
  );
  return [
    ...linked.flatMap(({ index, mentorId }) => {
      const holder = heldElsewhere.get(mentorId);
      return holder === undefined
        ? []
        : [
            {
              field: `organization_members[${index}].mentor_id`,
              message: `${mentorId} is already linked to member ${holder}, which the file does not change`,
            },
          ];
    }),
    ...linked.flatMap(({ member, index, mentorId }) =>
      mentorOrganization.get(mentorId) === member.organization_id
        ? []
        : [
            {
              field: `organization_members[${index}].mentor_id`,
              message: `no peer mentor ${mentorId} of organization ${member.organization_id} in the file or the database`,
            },
          ],
    ),
    ...duplicatesIn(
      "organization_members",
      dataset.organization_members,
      "mentor_id",
      (r) => r.mentor_id ?? undefined,
      "same mentor_id",
    ),
  ];
}

/** Each --replace-roster organization must exist, in the file or the database. */
export async function findUnknownOrganizations(
  db: Database,
  dataset: Dataset,
  organizationIds: readonly number[],
): Promise<ErrorDetail[]> {
  const missing = await missingIds(
    db,
    organizations,
    organizationIds.map((id) => ({ field: "--replace-roster", id })),
    new Set(dataset.organizations.map((r) => r.id)),
  );
  return [...missing].map((id) => ({
    field: "--replace-roster",
    message: `no organization with id ${id} in the file or the database`,
  }));
}
