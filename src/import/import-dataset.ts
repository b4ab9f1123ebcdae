import { sql } from "drizzle-orm";
import { createDatabase, type Database } from "../db/client.ts";
import { SQL_NEW_REVISION } from "../db/revision.ts";
import {
  organizationMemberRoles,
  organizationMembers,
  organizations,
  PEER_SUPPORTER_ROLE,
  peerMentors,
  peerSupporters,
  preferences,
  users,
  type MentorStatus,
  type StatusChangeActor,
} from "../db/schema.ts";
import { statusChangeStatements } from "../peer-mentors/writes/status-change-statements.ts";
import { rootCause } from "../db/root-cause.ts";
import { issueDetails, type ErrorDetail } from "../http/errors.ts";
import { newMentorRecord, type MentorRecord } from "../peer-mentors/writes/mentor-changes.ts";
import {
  bioSearchColumns,
  firstNameSearchColumns,
  lastNameSearchColumns,
} from "../peer-supporters/roster/search-index.ts";
import { stagedShortTermsOf, storedShortTerms } from "../peer-supporters/roster/short-terms.ts";
import {
  findDuplicates,
  findMentorLinkErrors,
  findMissingReferences,
  findUnknownOrganizations,
  resolveMentorOrganizations,
} from "./check-dataset.ts";
import {
  keepListedWhereAbsent,
  listingChangesAfter,
  listingChangesBefore,
  releaseMentorLinks,
  removedMemberCount,
  replaceRosters,
} from "./member-writes.ts";
import { isoSeconds } from "../lib/time.ts";
import { datasetSchema, type Dataset } from "./dataset-schema.ts";
import { lazyRows, stagedWrite, type StagedRows, type TableWrite } from "./staged-write.ts";

export type ImportResult =
  | { ok: true; written: Record<keyof Dataset, number>; removedMembers: number }
  | { ok: false; errors: ErrorDetail[] };

export type ImportOptions = {
  /** CERT_WARNING_DAYS: mentors' statuses are derived on import. */
  certWarningDays: number;
  now?: Date;
  /** Bytes of JSON per staged chunk (src/import/staged-write.ts); smaller in tests. */
  chunkBytes?: number;
  /** --replace-roster: organizations whose members not in the file are removed. */
  replaceRosters?: readonly number[];
};

/**
 * Validates a whole import file, then upserts it by id, all or nothing: staged
 * in chunks, then copied into the tables in one D1 batch, which D1 runs as a
 * single transaction (src/import/staged-write.ts). Errors name the record as
 * `collection[index].field`.
 */
export async function importDataset(
  d1: D1Database,
  input: unknown,
  { certWarningDays, now = new Date(), chunkBytes, replaceRosters = [] }: ImportOptions,
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
    ...(await findMentorLinkErrors(db, dataset, mentorOrganizations.ids)),
    ...(await findUnknownOrganizations(db, dataset, replaceRosters)),
  ];
  if (errors.length > 0) return { ok: false, errors };

  const mentors = lazyRows(dataset.peer_mentors, (r) =>
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
  let removedMembers: number;
  try {
    ({ removedMembers } = await stagedWrite(
      d1,
      tableWrites(db, dataset, mentors, { replaceRosters, changedAt: isoSeconds(now) }),
      {
        now,
        chunkBytes,
        counts: { removedMembers: (stagedOf) => removedMemberCount(stagedOf, replaceRosters) },
      },
    ));
  } catch (error) {
    // The database refused a record (a constraint the file cannot show on its
    // own, e.g. a public_id another organization already has), or a call
    // failed while staging. Either way nothing reached the tables.
    const cause = rootCause(error);
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, errors: [{ field: "(database)", message }] };
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
    removedMembers,
  };
}

/**
 * The history rows and events of the mentors whose stored status the file
 * changes, joined to their staged rows; before the upsert, while the old
 * status is stored. They go out with the cron's next hand-on of events not
 * yet enqueued (the CLI has no queue).
 */
function importedStatusChanges(db: Database, staged: StagedRows, changedAt: string) {
  const incoming = sql`(SELECT ${staged.column("mentorId")} AS mentor_id,
    ${staged.column("status")} AS status FROM ${staged.from}) AS incoming`;
  return statusChangeStatements(db, {
    changing: sql`${peerMentors.status} <> incoming.status`,
    toStatus: sql<MentorStatus>`incoming.status`,
    source: "import",
    actor: { kind: "import" },
    nowIso: changedAt,
    joined: { rows: incoming, on: sql`incoming.mentor_id = ${peerMentors.mentorId}` },
  }).map((statement) => statement.getSQL());
}

/** The file's records as table rows, parents before children (mentors before the members linking them). */
function tableWrites(
  db: Database,
  dataset: Dataset,
  mentors: Iterable<MentorRecord>,
  { replaceRosters: replaced, changedAt }: { replaceRosters: readonly number[]; changedAt: string },
): TableWrite[] {
  const members = dataset.organization_members;
  return [
    {
      table: organizations,
      upsertOn: organizations.id,
      rows: lazyRows(dataset.organizations, (r) => ({
        id: r.id,
        publicId: r.public_id,
        name: r.name,
      })),
    },
    {
      table: users,
      upsertOn: users.id,
      // The short terms are staged as the substrings, not their hex: 40% less to send.
      stagedAs: { firstNameTerms: storedShortTerms, lastNameTerms: storedShortTerms },
      rows: lazyRows(dataset.users, (r) => ({
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        timeZone: r.time_zone,
        about: r.about,
        avatar: r.avatar,
        ...firstNameSearchColumns(r.first_name, stagedShortTermsOf),
        ...lastNameSearchColumns(r.last_name, stagedShortTermsOf),
      })),
    },
    {
      table: preferences,
      upsertOn: preferences.userId,
      rows: lazyRows(dataset.preferences, (r) => ({
        userId: r.user_id,
        peerSupportInterests: r.peer_support_interests,
        availability: r.availability,
        greetings: r.greetings,
        motivation: r.motivation,
        recoveryStatus: r.recovery_status,
      })),
    },
    {
      table: peerMentors,
      rows: mentors,
      upsertOn: peerMentors.mentorId,
      // A file's mentors come in any order of organization: in the order of the list's index,
      // the three indexes that start with the organization are appended to (half the upsert's time).
      insertInOrderOf: "peer_mentors_organization_created_idx",
      // A status the file changes is recorded as any change is: history and event.
      before: (stagedOf) => importedStatusChanges(db, stagedOf(peerMentors), changedAt),
    },
    {
      table: organizationMembers,
      upsertOn: organizationMembers.id,
      stagedAs: { bioTerms: storedShortTerms },
      // Every write of a member replaces its revision (src/db/revision.ts) and says who
      // made it (the console shows it): the import's too.
      insertDefaults: {
        listed: sql`1`,
        revision: SQL_NEW_REVISION,
        updatedBy: sql`${JSON.stringify({ kind: "import" } satisfies StatusChangeActor)}`,
      },
      before: (stagedOf) => [
        ...replaceRosters(db, stagedOf, replaced),
        ...releaseMentorLinks(stagedOf),
        ...listingChangesBefore(stagedOf, changedAt),
      ],
      after: (stagedOf) => [
        ...keepListedWhereAbsent(stagedOf),
        ...listingChangesAfter(stagedOf, changedAt),
      ],
      rows: lazyRows(members, (r) => ({
        id: r.id,
        organizationId: r.organization_id,
        userId: r.user_id,
        bio: r.bio,
        motivation: r.motivation,
        recoveryStatus: r.recovery_status,
        status: r.status,
        rating: r.rating,
        feedbackCount: r.feedback_count,
        ...bioSearchColumns(r.bio, stagedShortTermsOf),
        isPeerSupporter: r.roles.includes(PEER_SUPPORTER_ROLE),
        listed: r.listed,
        topics: r.topics,
        mentorId: r.mentor_id,
      })),
    },
    {
      table: organizationMemberRoles,
      rows: members.flatMap((m) =>
        [...new Set(m.roles)].map((role) => ({ organizationMemberId: m.id, role })),
      ),
      // A member's roles are replaced by the file's list.
      before: (stagedOf) => {
        const staged = stagedOf(organizationMembers);
        return [
          sql`DELETE FROM ${organizationMemberRoles}
              WHERE ${organizationMemberRoles.organizationMemberId} IN
                (SELECT ${staged.column("id")} FROM ${staged.from})`,
        ];
      },
    },
    {
      table: peerSupporters,
      upsertOn: peerSupporters.id,
      rows: lazyRows(dataset.peer_supporters, (r) => ({
        id: r.id,
        userId: r.user_id,
        organizationId: r.organization_id,
        status: r.status,
        rating: r.rating,
        ratingsCount: r.ratings_count,
      })),
    },
  ];
}
