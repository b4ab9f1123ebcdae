import type { Context } from "hono";
import type { AuthVariables } from "../auth/middleware.ts";
import type { Database } from "../db/client.ts";
import type { DatabaseVariables } from "../db/session.ts";
import type { IdempotencyVariables } from "../http/idempotency.ts";
import { jsonError } from "../http/errors.ts";
import { ifMatchAdmits, ifMatchOf, preconditionFailed } from "../http/etag.ts";
import { enqueueEmails } from "../outbox/emails.ts";
import { enqueueDeliveries } from "../outbox/webhook-dispatch.ts";
import { applyMentorChange, type MentorChange, type MentorRecord } from "./mentor-changes.ts";
import { deleteMentor, EmailTakenError, findMentor } from "./queries.ts";
import { saveMentorChange, type Pending } from "./save-mentor-change.ts";
import { mentorETag } from "./serialize.ts";
import { certWarningDays } from "../settings.ts";
import type { StatusChangeActor } from "../db/schema.ts";

/** The API key a request authenticated with, as the history records it. */
export const keyActor = (key: AuthVariables["key"]): StatusChangeActor => ({
  kind: "api_key",
  id: key.id,
  name: key.label,
});

export type MentorsEnv = {
  Bindings: Env;
  Variables: AuthVariables & DatabaseVariables & IdempotencyVariables;
};

export const notFound = (c: Context) => jsonError(c, 404, "Peer mentor not found");
export const otherOrganization = (c: Context) => jsonError(c, 403, "Not Authorized");
export const emailTaken = (c: Context, error: EmailTakenError) => jsonError(c, 409, error.message);
export const mentorChanged = (c: Context) => preconditionFailed(c, "The peer mentor");

export function clock(env: Env) {
  return { now: new Date(), warningDays: certWarningDays(env) };
}

/**
 * Reads, changes and saves again while another write lands in between: each
 * round some write lands, so a mentor with this many writes at once still
 * takes them all (the bench's bursts are 20).
 */
export const CHANGE_ATTEMPTS = 25;

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
  | { outcome: "unchanged"; mentor: MentorRecord }
  | { outcome: "not_found" | "precondition_failed" | "contended" }
  | { outcome: "email_taken"; error: EmailTakenError };

/**
 * Applies the change to the mentor as stored now and saves it only if the
 * row is still that one (its revision); when another write came between,
 * reads it again and applies the change to that, so no write is lost. With
 * If-Match, the mentor must be the client's copy, then and at the save:
 * otherwise nothing changes (precondition_failed).
 */
export async function changeMentorRecord(
  db: Database,
  request: MentorChangeRequest,
): Promise<MentorChangeResult> {
  for (let attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt++) {
    const before = await findMentor(db, request.organizationId, request.mentorId);
    if (!before) return { outcome: "not_found" };
    if (request.ifMatch !== undefined) {
      const current = await mentorETag(before, request.organizationPublicId);
      if (!ifMatchAdmits(request.ifMatch, current)) return { outcome: "precondition_failed" };
    }
    const after = applyMentorChange(before, request.change, request.clock);
    if (!after) return { outcome: "unchanged", mentor: before };
    try {
      const result = await saveMentorChange(db, before, after, {
        reason: request.reason,
        actor: request.actor,
      });
      if (result.saved) return { outcome: "saved", mentor: after, pending: result.pending };
    } catch (error) {
      if (error instanceof EmailTakenError) return { outcome: "email_taken", error };
      throw error;
    }
    // Changed since it was read: the client's copy is stale, or the change is applied again.
    if (request.ifMatch !== undefined) return { outcome: "precondition_failed" };
  }
  return { outcome: "contended" };
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
    c.executionCtx.waitUntil(enqueueDeliveries(db, c.env.WEBHOOK_QUEUE, pending));
  }
  if (pending.emailIds.length > 0) {
    c.executionCtx.waitUntil(enqueueEmails(db, c.env.WEBHOOK_QUEUE, pending.emailIds));
  }
}

/**
 * The one path every write of an existing mentor takes, for a route: applies
 * `change` to the token's organization's mentor (changeMentorRecord), puts
 * its events and emails on the queue after the response, sets the mentor's
 * new ETag, and answers the mentor as it now is, or the error response to send.
 */
export async function changeMentor(
  c: Context<MentorsEnv>,
  change: MentorChange,
  reason: string | null = null,
) {
  const current = clock(c.env);
  const organizationPublicId = c.var.organization.publicId;
  const db = c.var.db;
  const result = await changeMentorRecord(db, {
    organizationId: c.var.organization.id,
    organizationPublicId,
    mentorId: c.req.param("mentor_id") ?? "",
    change,
    reason,
    actor: keyActor(c.var.key),
    ifMatch: ifMatchOf(c),
    clock: current,
  });
  switch (result.outcome) {
    case "not_found":
      return notFound(c);
    case "precondition_failed":
      return mentorChanged(c);
    case "email_taken":
      return emailTaken(c, result.error);
    case "contended":
      return jsonError(
        c,
        409,
        "The peer mentor kept changing while this write was applied; nothing was changed. Try again",
      );
    case "saved":
      enqueuePending(c, db, result.pending);
      break;
    case "unchanged":
      break;
  }
  c.header("ETag", await mentorETag(result.mentor, organizationPublicId));
  return { mentor: result.mentor, now: current.now };
}

/**
 * Erases the organization's mentor; with If-Match tags, only while it is
 * still the client's copy.
 */
export async function deleteMentorRecord(
  db: Database,
  organization: { id: number; publicId: string },
  mentorId: string,
  ifMatch: readonly string[] | undefined,
): Promise<"deleted" | "not_found" | "precondition_failed"> {
  let revision: string | undefined;
  if (ifMatch !== undefined) {
    const mentor = await findMentor(db, organization.id, mentorId);
    if (!mentor) return "not_found";
    if (!ifMatchAdmits(ifMatch, await mentorETag(mentor, organization.publicId))) {
      return "precondition_failed";
    }
    revision = mentor.revision;
  }
  if (await deleteMentor(db, organization.id, mentorId, { revision })) return "deleted";
  // With If-Match, a mentor still there was changed since it was read.
  const remains = revision !== undefined && (await findMentor(db, organization.id, mentorId));
  return remains ? "precondition_failed" : "not_found";
}

/**
 * DELETE for a route: erases the token's organization's mentor; with
 * If-Match, only while it is still the client's copy (412 otherwise).
 * Answers true, or the error response to send.
 */
export async function deleteMentorFor(c: Context<MentorsEnv>, mentorId: string) {
  const outcome = await deleteMentorRecord(c.var.db, c.var.organization, mentorId, ifMatchOf(c));
  if (outcome === "deleted") return true;
  return outcome === "precondition_failed" ? mentorChanged(c) : notFound(c);
}
