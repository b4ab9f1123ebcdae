import type { Context } from "hono";
import type { StatusChangeActor } from "../../db/schema.ts";
import {
  changeMentorRecord,
  clock,
  deleteMentorRecord,
  enqueuePending,
} from "../../peer-mentors/change-mentor.ts";
import type { MentorChange } from "../../peer-mentors/mentor-changes.ts";
import type { ConsoleEnv } from "../env.ts";
import type { Membership } from "../members/queries.ts";

/*
 * The console's one door into the mentor services the API's v1 routes use:
 * the same change and delete rules, events, emails and revisions, with the
 * signed-in member as the actor and the form's revision as If-Match.
 */

export const memberActor = (membership: Membership): StatusChangeActor => ({
  kind: "console_member",
  id: membership.memberId,
  name: membership.displayName,
});

/** A form's revision: the mentor's ETag without its quotes, which would only be escaped in HTML. */
export const formRevision = (etag: string) => etag.replace(/^"|"$/g, "");
const ifMatchOf = (revision: string) => [`"${revision}"`];

const organizationOf = (c: Context<ConsoleEnv>) => ({
  id: c.var.membership.organizationId,
  publicId: c.var.membership.organizationPublicId,
});

/** Applies `change` to the mentor as the form showed it (`revision`, its ETag), or nothing. */
export async function changeMentorFromConsole(
  c: Context<ConsoleEnv>,
  mentorId: string,
  change: MentorChange,
  { revision, reason = null }: { revision: string; reason?: string | null },
) {
  const organization = organizationOf(c);
  const result = await changeMentorRecord(c.var.db, {
    organizationId: organization.id,
    organizationPublicId: organization.publicId,
    mentorId,
    change,
    reason,
    actor: memberActor(c.var.membership),
    ifMatch: ifMatchOf(revision),
    clock: clock(c.env),
  });
  if (result.outcome === "saved") enqueuePending(c, c.var.db, result.pending);
  return result;
}

/** Erases the mentor as the form showed it (`revision`), or nothing. */
export const deleteMentorFromConsole = (
  c: Context<ConsoleEnv>,
  mentorId: string,
  revision: string,
) => deleteMentorRecord(c.var.db, organizationOf(c), mentorId, ifMatchOf(revision));
