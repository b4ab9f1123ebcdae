import type { Context } from "hono";
import type { StatusChangeActor } from "../../db/schema.ts";
import { ApiError } from "../../http/errors.ts";
import { EmailTakenError } from "../../peer-mentors/queries.ts";
import {
  changeMentor,
  clock,
  enqueuePending,
  removeMentor,
} from "../../peer-mentors/writes/change-mentor.ts";
import type { MentorChange } from "../../peer-mentors/writes/mentor-changes.ts";
import type { AppEnv } from "../../app-env.ts";
import type { Membership } from "../members/queries.ts";

/*
 * The console's one door into the mentor services the API's v1 routes use:
 * the same change and delete rules, events, emails and revisions, with the
 * signed-in member as the actor and the form's revision as If-Match. Like
 * the API's writes, each marks the public roster changed (a mentor's status
 * decides whether their member is listed), whatever it answered.
 */

export const memberActor = (membership: Membership): StatusChangeActor => ({
  kind: "console_member",
  id: membership.memberId,
  name: membership.displayName,
});

/** A form's revision: the mentor's ETag without its quotes, which would only be escaped in HTML. */
export const formRevision = (etag: string) => etag.replace(/^"|"$/g, "");
const ifMatchOf = (revision: string) => [`"${revision}"`];

const organizationOf = (c: Context<AppEnv>) => ({
  id: c.var.membership.organizationId,
  publicId: c.var.membership.organizationPublicId,
});

/**
 * What the API answers with an error, the console shows on the form: a
 * taken address beside its field, a stale or contended write as the current
 * values, a missing mentor as a 404 page. Anything else is the API's error.
 */
function formOutcome(error: unknown) {
  if (error instanceof EmailTakenError) return "email_taken" as const;
  if (error instanceof ApiError) {
    if (error.status === 404) return "not_found" as const;
    if (error.status === 412) return "precondition_failed" as const;
    if (error.status === 409) return "contended" as const;
  }
  throw error;
}

/** Applies `change` to the mentor as the form showed it (`revision`, its ETag), or nothing. */
export async function changeMentorFromConsole(
  c: Context<AppEnv>,
  mentorId: string,
  change: MentorChange,
  { revision, reason = null }: { revision: string; reason?: string | null },
) {
  const organization = organizationOf(c);
  try {
    const result = await changeMentor(c.var.db, {
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
    return result.outcome;
  } catch (error) {
    return formOutcome(error);
  }
}

/** Erases the mentor as the form showed it (`revision`), or nothing. */
export async function deleteMentorFromConsole(
  c: Context<AppEnv>,
  mentorId: string,
  revision: string,
) {
  try {
    await removeMentor(c.var.db, organizationOf(c), mentorId, ifMatchOf(revision));
    return "deleted" as const;
  } catch (error) {
    return formOutcome(error);
  }
}
