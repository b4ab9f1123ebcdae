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
import { memberActor } from "../mentors/writes.ts";

/*
 * The console's one door into the managed roster's services, the ones the
 * API's v2 management routes call: the same rules, the same listing history
 * (with the signed-in member as who), the form's revision as If-Match. The
 * routes mark the public roster changed (../roster-changes.ts).
 */

const actorOf = (c: Context<AppEnv>): Actor => ({
  by: memberActor(c.var.membership),
  now: new Date(),
});

/**
 * A refused mentor link, for the `mentor_id` field: taken by another
 * supporter (409), or no such mentor in the organization; anything else is
 * thrown on.
 */
function linkRefused(error: unknown) {
  if (!(error instanceof MentorLinkError)) throw error;
  return {
    outcome: "mentor_refused" as const,
    reason: error.status === 409 ? ("taken" as const) : ("unknown" as const),
  };
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
  }
}

/** Removes the member as the form showed them (`revision`), or nothing. */
export async function removeFromConsole(c: Context<AppEnv>, memberId: number, revision: string) {
  const organizationId = c.var.membership.organizationId;
  if (await deleteManagedMember(c.var.db, organizationId, memberId, revision)) {
    return "removed" as const;
  }
  // Still there: changed since the form was shown.
  return (await findManagedMember(c.var.db, organizationId, memberId)) ? "changed" : "not_found";
}
