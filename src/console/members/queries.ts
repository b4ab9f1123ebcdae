import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { rootCause } from "../../db/root-cause.ts";
import {
  consoleKeyChanges,
  consoleMembers,
  consoleSessions,
  consoleSignInLinks,
  emails,
  memberListingChanges,
  notificationSettings,
  organizationMembers,
  organizations,
  peerMentorStatusChanges,
  publicRosterSettings,
  type ConsoleRole,
  type NotificationLanguage,
} from "../../db/schema.ts";
import { randomId } from "../../lib/random-id.ts";
import { isoSeconds } from "../../lib/time.ts";

export type ConsoleMember = typeof consoleMembers.$inferSelect;
export type Membership = ConsoleMember & {
  organizationPublicId: string;
  organizationName: string;
  /** The organization's notification language; null before it saved settings. */
  organizationLanguage: NotificationLanguage | null;
};

const MEMBERSHIP_COLUMNS = {
  memberId: consoleMembers.memberId,
  organizationId: consoleMembers.organizationId,
  email: consoleMembers.email,
  role: consoleMembers.role,
  displayName: consoleMembers.displayName,
  createdAt: consoleMembers.createdAt,
  organizationPublicId: organizations.publicId,
  organizationName: organizations.name,
  organizationLanguage: notificationSettings.language,
};

/** Members with their organization, in one read (the membership check runs on every page). */
const membershipsQuery = (db: Database) =>
  db
    .select(MEMBERSHIP_COLUMNS)
    .from(consoleMembers)
    .innerJoin(organizations, eq(organizations.id, consoleMembers.organizationId))
    .leftJoin(
      notificationSettings,
      eq(notificationSettings.organizationId, consoleMembers.organizationId),
    );

/** Every organization `email` (normalized) may use the console of, by name. */
export function membershipsOf(db: Database, email: string): Promise<Membership[]> {
  return membershipsQuery(db)
    .where(eq(consoleMembers.email, email))
    .orderBy(asc(organizations.name));
}

/** The membership of `email` in the organization with public id `organizationPublicId`, if any. */
export async function membershipIn(
  db: Database,
  email: string,
  organizationPublicId: string,
): Promise<Membership | undefined> {
  const [row] = await membershipsQuery(db).where(
    and(eq(consoleMembers.email, email), eq(organizations.publicId, organizationPublicId)),
  );
  return row;
}

/** An organization's members, by name. */
export function listMembers(db: Database, organizationId: number): Promise<ConsoleMember[]> {
  return db
    .select()
    .from(consoleMembers)
    .where(eq(consoleMembers.organizationId, organizationId))
    .orderBy(asc(consoleMembers.displayName), asc(consoleMembers.email));
}

export type NewMember = {
  organizationId: number;
  email: string;
  role: ConsoleRole;
  displayName: string;
};

/** The address is a member of the organization already. */
export class MemberExistsError extends Error {
  constructor(email: string) {
    super(`${email} is a member of this organization already`);
  }
}

/** Adds a member; MemberExistsError when the address is one already. */
export async function addMember(db: Database, member: NewMember, now = new Date()) {
  const row: ConsoleMember = {
    ...member,
    memberId: randomId("cm_", 16),
    createdAt: isoSeconds(now),
  };
  try {
    await db.insert(consoleMembers).values(row);
  } catch (error) {
    const cause = rootCause(error);
    if (cause instanceof Error && /UNIQUE constraint failed: console_members/.test(cause.message)) {
      throw new MemberExistsError(member.email);
    }
    throw error;
  }
  return row;
}

/**
 * Removes a member of `organizationId` and, in the same batch, every copy of
 * them the console made: their name in the status and listing histories,
 * the key changes they wrote and the records they changed last (each keeps that a console member did it), and, when their address
 * belongs to no other organization, its sessions, sign-in links and sign-in
 * emails. Either way their access here ends with this write: every request
 * reads the membership again. False when there was no such member.
 */
export async function removeMember(db: Database, organizationId: number, memberId: string) {
  const member = and(
    eq(consoleMembers.organizationId, organizationId),
    eq(consoleMembers.memberId, memberId),
  );
  // Runs first, while the member row still names the address.
  const lastMembershipAddress = sql`SELECT ${consoleMembers.email} FROM ${consoleMembers}
    WHERE ${member} AND NOT EXISTS (SELECT 1 FROM ${consoleMembers} other
      WHERE other.email = ${consoleMembers.email} AND other.member_id <> ${consoleMembers.memberId})`;
  // The history keeps that a console member made the change, not who.
  const eraseNameIn = (history: typeof peerMentorStatusChanges | typeof memberListingChanges) =>
    db
      .update(history)
      .set({ actorName: null })
      .where(
        and(
          eq(history.actorKind, "console_member"),
          eq(history.actorId, memberId),
          sql`EXISTS (SELECT 1 FROM ${consoleMembers} WHERE ${member})`,
        ),
      );
  // Who made a record's last change: the kind and id stay, the name goes.
  const eraseLastChangeNameIn = (
    record: typeof organizationMembers | typeof publicRosterSettings | typeof notificationSettings,
  ) =>
    db
      .update(record)
      .set({ updatedBy: sql`json_set(${record.updatedBy}, '$.name', NULL)` })
      .where(
        and(
          eq(record.organizationId, organizationId),
          sql`${record.updatedBy} ->> '$.kind' = 'console_member'
            AND ${record.updatedBy} ->> '$.id' = ${memberId}`,
        ),
      );
  const [, , , , , , , , , removed] = await db.batch([
    db.delete(consoleSessions).where(sql`${consoleSessions.email} IN (${lastMembershipAddress})`),
    db
      .delete(consoleSignInLinks)
      .where(sql`${consoleSignInLinks.email} IN (${lastMembershipAddress})`),
    db.delete(emails).where(
      and(
        eq(emails.kind, "console_sign_in"),
        sql`EXISTS (SELECT 1 FROM json_each(${emails.recipients})
          WHERE value IN (${lastMembershipAddress}))`,
      ),
    ),
    eraseNameIn(peerMentorStatusChanges),
    eraseNameIn(memberListingChanges),
    db
      .update(consoleKeyChanges)
      .set({ memberName: null })
      .where(
        and(
          eq(consoleKeyChanges.memberId, memberId),
          eq(consoleKeyChanges.organizationId, organizationId),
        ),
      ),
    eraseLastChangeNameIn(organizationMembers),
    eraseLastChangeNameIn(publicRosterSettings),
    eraseLastChangeNameIn(notificationSettings),
    db.delete(consoleMembers).where(member).returning({ memberId: consoleMembers.memberId }),
  ]);
  return removed.length > 0;
}
