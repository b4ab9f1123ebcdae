import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { createManagedMember } from "../../peer-supporters/manage/create-member.ts";
import { MentorLinkError } from "../../peer-supporters/manage/mentor-link.ts";
import {
  deleteManagedMember,
  findManagedMember,
  updateManagedMember,
  type Actor,
} from "../../peer-supporters/manage/queries.ts";
import type { CreateMemberBody, UpdateMemberBody } from "../../peer-supporters/manage/schemas.ts";
import { markRosterChanged } from "../../peer-supporters/public/roster-changes.ts";
import { memberActor } from "../mentors/writes.ts";

/*
 * The console's one door into the managed roster's services, the ones the
 * API's v2 management routes call: the same rules, the same listing history
 * (with the signed-in member as who), the form's revision as If-Match, and,
 * after every write, the public roster marked changed as the API's writes
 * mark it (public/roster-changes.ts).
 */

const actorOf = (c: Context<AppEnv>): Actor => ({
  by: memberActor(c.var.membership),
  now: new Date(),
});

/** After the answer, whatever it was (a failed write may have committed), as the API does. */
function markChanged(c: Context<AppEnv>) {
  c.executionCtx.waitUntil(markRosterChanged(c.env.TOKENS, [c.var.membership.organizationId]));
}

/** A refused mentor link, beside the `mentor_id` field; anything else is thrown on. */
function linkRefused(error: unknown) {
  if (!(error instanceof MentorLinkError)) throw error;
  return { outcome: "mentor_refused" as const, taken: error.status === 409 };
}

export async function createFromConsole(c: Context<AppEnv>, body: CreateMemberBody) {
  try {
    const row = await createManagedMember(
      c.var.db,
      c.var.membership.organizationId,
      body,
      actorOf(c),
    );
    return { outcome: "created" as const, row };
  } catch (error) {
    return linkRefused(error);
  } finally {
    markChanged(c);
  }
}

/** Applies `body` to the member as the form showed them (`revision`), or nothing. */
export async function updateFromConsole(
  c: Context<AppEnv>,
  memberId: number,
  body: UpdateMemberBody,
  revision: string,
) {
  try {
    return await updateManagedMember(
      c.var.db,
      c.var.membership.organizationId,
      memberId,
      body,
      actorOf(c),
      revision,
    );
  } catch (error) {
    return linkRefused(error);
  } finally {
    markChanged(c);
  }
}

/** Removes the member as the form showed them (`revision`), or nothing. */
export async function removeFromConsole(c: Context<AppEnv>, memberId: number, revision: string) {
  const organizationId = c.var.membership.organizationId;
  try {
    if (await deleteManagedMember(c.var.db, organizationId, memberId, revision)) {
      return "removed" as const;
    }
  } finally {
    markChanged(c);
  }
  // Still there: changed since the form was shown.
  return (await findManagedMember(c.var.db, organizationId, memberId)) ? "changed" : "not_found";
}
