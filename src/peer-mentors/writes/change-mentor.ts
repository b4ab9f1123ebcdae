import type { AuthVariables } from "../../auth/middleware.ts";
import type { Database } from "../../db/client.ts";
import type { StatusChangeActor } from "../../db/schema.ts";
import { ApiError, notFound } from "../../http/errors.ts";
import { ifMatchAdmits, preconditionFailed } from "../../http/etag.ts";
import { applyMentorChange, type MentorChange, type MentorRecord } from "./mentor-changes.ts";
import { deleteMentor, findMentor } from "../queries.ts";
import { saveMentorChange, type Pending } from "./save-mentor-change.ts";
import { mentorETag } from "../serialize.ts";
import { certWarningDays } from "../../settings.ts";
import { enqueueEmails } from "../../outbox/channels/email.ts";
import { enqueueWebhookEvents } from "../../outbox/channels/webhook.ts";

export const MENTOR = "Peer mentor";
const mentorChanged = () => preconditionFailed("The peer mentor");

export function clock(env: Env) {
  return { now: new Date(), warningDays: certWarningDays(env) };
}

/**
 * Reads, changes and saves again while another write lands in between: each
 * round some write lands, so a mentor with this many writes at once still
 * takes them all (the bench's bursts are 20).
 */
export const CHANGE_ATTEMPTS = 25;

/** The API key a request authenticated with, as the status history records it. */
export const keyActor = (key: AuthVariables["key"]): StatusChangeActor => ({
  kind: "api_key",
  id: key.id,
  name: key.label,
});

export type MentorChangeRequest = {
  organizationId: number;
  organizationPublicId: string;
  mentorId: string;
  change: MentorChange;
  reason: string | null;
  /** Who asks: the API key or the console member. */
  actor: StatusChangeActor;
  /** The request's If-Match tags, if it sent any. */
  ifMatch: readonly string[] | undefined;
  clock: { now: Date; warningDays: number };
};

export type MentorChangeResult =
  | { outcome: "saved"; mentor: MentorRecord; pending: Pending }
  | { outcome: "unchanged"; mentor: MentorRecord };

/**
 * The one path every write of an existing mentor takes. Applies the change
 * to the mentor as stored now and saves it only if the row is still that
 * one (its revision); when another write came between, reads it again and
 * applies the change to that, so no write is lost. With If-Match, the
 * mentor must be the client's copy, then and at the save: otherwise nothing
 * changes (412). Throws ApiError for 404, 409 (contended; EmailTakenError) and 412.
 */
export async function changeMentor(
  db: Database,
  request: MentorChangeRequest,
): Promise<MentorChangeResult> {
  for (let attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt++) {
    const before = await findMentor(db, request.organizationId, request.mentorId);
    if (!before) throw notFound(MENTOR);
    if (request.ifMatch !== undefined) {
      const current = await mentorETag(before, request.organizationPublicId);
      if (!ifMatchAdmits(request.ifMatch, current)) throw mentorChanged();
    }
    const after = applyMentorChange(before, request.change, request.clock);
    if (!after) return { outcome: "unchanged", mentor: before };
    const result = await saveMentorChange(db, before, after, {
      reason: request.reason,
      actor: request.actor,
    });
    if (result.saved) return { outcome: "saved", mentor: after, pending: result.pending };
    // Changed since it was read: the client's copy is stale, or the change is applied again.
    if (request.ifMatch !== undefined) throw mentorChanged();
  }
  throw new ApiError(
    409,
    "The peer mentor kept changing while this write was applied; nothing was changed. Try again",
  );
}

/**
 * Puts a saved change's events and emails on the queue after the response:
 * they are committed, and the cron hands on any enqueue that fails.
 */
export function enqueuePending(
  c: { env: Env; executionCtx: Pick<ExecutionContext, "waitUntil"> },
  db: Database,
  pending: Pending,
) {
  if (pending.targets.length > 0) {
    c.executionCtx.waitUntil(
      enqueueWebhookEvents(db, c.env.OUTBOX_QUEUE, pending.eventIds, { targets: pending.targets }),
    );
  }
  if (pending.emailIds.length > 0) {
    c.executionCtx.waitUntil(enqueueEmails(db, c.env.OUTBOX_QUEUE, pending.emailIds));
  }
}

/**
 * Erases the organization's mentor; with If-Match, only while it is still
 * the client's copy. Throws ApiError for 404 and 412.
 */
export async function removeMentor(
  db: Database,
  organization: { id: number; publicId: string },
  mentorId: string,
  ifMatch: readonly string[] | undefined,
): Promise<void> {
  let revision: string | undefined;
  if (ifMatch !== undefined) {
    const mentor = await findMentor(db, organization.id, mentorId);
    if (!mentor) throw notFound(MENTOR);
    if (!ifMatchAdmits(ifMatch, await mentorETag(mentor, organization.publicId))) {
      throw mentorChanged();
    }
    revision = mentor.revision;
  }
  if (await deleteMentor(db, organization.id, mentorId, { revision })) return;
  // With If-Match, a mentor still there was changed since it was read.
  const remains = revision !== undefined && (await findMentor(db, organization.id, mentorId));
  throw remains ? mentorChanged() : notFound(MENTOR);
}
