import { and, eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { consoleMembers } from "../../src/db/schema.ts";
import { normalizeConsoleEmail } from "../../src/console/members/email.ts";
import { newMemberInput } from "../../src/console/members/new-member.ts";
import { addMember, listMembers, removeMember } from "../../src/console/members/queries.ts";
import { startSession } from "../../src/console/sessions/sessions.ts";
import { issueDetails } from "../../src/http/errors.ts";

/*
 * The console's members from the command line (scripts/console.ts) and for
 * `npm run dev`'s demo admin: the same rules as the team page. A bad input
 * throws an Error naming the field, before anything is written.
 */

type Organization = { id: number; publicId: string };

/** Adds a member of `organization` (the team form's rules); throws naming what is wrong. */
export async function inviteConsoleMember(
  db: Database,
  organization: Organization,
  input: { email: string | undefined; role: string | undefined; name: string | undefined },
) {
  const parsed = newMemberInput.safeParse(input);
  if (!parsed.success) {
    const problems = issueDetails(parsed.error.issues).map(
      ({ field, message }) => `--${field} ${message}`,
    );
    throw new Error(`Nothing was written: ${problems.join("; ")}.`);
  }
  return addMember(db, { organizationId: organization.id, ...parsed.data });
}

export const listConsoleMembers = (db: Database, organization: Organization) =>
  listMembers(db, organization.id);

/** Removes the member with `email` from `organization`; throws when there is none. */
export async function removeConsoleMember(
  db: Database,
  organization: Organization,
  email: string | undefined,
) {
  const normalized = normalizeConsoleEmail(email ?? "");
  if (normalized === null)
    throw new Error("--email must be one email address, like kari@example.org.");
  const [member] = await db
    .select({ memberId: consoleMembers.memberId })
    .from(consoleMembers)
    .where(
      and(eq(consoleMembers.organizationId, organization.id), eq(consoleMembers.email, normalized)),
    );
  if (!member || !(await removeMember(db, organization.id, member.memberId))) {
    throw new Error(
      `${normalized} is no console member of ${organization.publicId}; nothing was removed.`,
    );
  }
  return normalized;
}

/** The demo organization's console admin in `npm run dev` and the browser tests. */
export const DEMO_CONSOLE_ADMIN = "admin@frivillig.no";

/** Adds the demo admin once (kept on later runs); answers the address. */
export async function ensureDemoAdmin(db: Database, organization: Organization) {
  const existing = await listMembers(db, organization.id);
  if (!existing.some((member) => member.email === DEMO_CONSOLE_ADMIN)) {
    await inviteConsoleMember(db, organization, {
      email: DEMO_CONSOLE_ADMIN,
      role: "admin",
      name: "Demo Admin",
    });
  }
  return DEMO_CONSOLE_ADMIN;
}

/**
 * A console session of a new admin of `organization`, for the bench's console
 * page: its id, the cookie's value. The session lasts the bench's run (its
 * idle timeout is longer than a scenario).
 */
export async function benchConsoleSession(db: Database, organization: Organization) {
  const member = await inviteConsoleMember(db, organization, {
    email: "bench.admin@bench.no",
    role: "admin",
    name: "Bench Admin",
  });
  return startSession(db, member.email);
}
