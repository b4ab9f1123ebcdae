import type { Context } from "hono";
import type { AuthVariables } from "../auth/middleware.ts";
import type { DatabaseVariables } from "../db/session.ts";
import { jsonError } from "../http/errors.ts";
import { enqueueEmails } from "../outbox/emails.ts";
import { enqueueDeliveries } from "../outbox/webhook-dispatch.ts";
import { applyMentorChange, type MentorChange } from "./mentor-changes.ts";
import { EmailTakenError, findMentor, saveMentorChange } from "./queries.ts";
import { certWarningDays } from "../settings.ts";

export type MentorsEnv = { Bindings: Env; Variables: AuthVariables & DatabaseVariables };

export const notFound = (c: Context) => jsonError(c, 404, "Peer mentor not found");
export const otherOrganization = (c: Context) => jsonError(c, 403, "Not Authorized");
export const emailTaken = (c: Context, error: EmailTakenError) => jsonError(c, 409, error.message);

export function clock(env: Env) {
  return { now: new Date(), warningDays: certWarningDays(env) };
}

/**
 * Applies `change` to the token's organization's mentor and saves it: the
 * one path every write of an existing mentor takes. Answers the mentor as it
 * now is, or the error response (404, 409) to send.
 */
export async function changeMentor(
  c: Context<MentorsEnv>,
  change: MentorChange,
  reason: string | null = null,
) {
  const db = c.var.db;
  const before = await findMentor(db, c.var.organization.id, c.req.param("mentor_id") ?? "");
  if (!before) return notFound(c);
  const current = clock(c.env);
  const after = applyMentorChange(before, change, current);
  if (after) {
    try {
      const pending = await saveMentorChange(db, before, after, {
        reason,
        source: "api",
        organizationPublicId: c.var.organization.publicId,
      });
      // After the response: the events are committed, and the cron hands on any enqueue that fails.
      if (pending.targets.length > 0) {
        c.executionCtx.waitUntil(enqueueDeliveries(db, c.env.WEBHOOK_QUEUE, pending));
      }
      if (pending.emailIds.length > 0) {
        c.executionCtx.waitUntil(enqueueEmails(db, c.env.WEBHOOK_QUEUE, pending.emailIds));
      }
    } catch (error) {
      if (error instanceof EmailTakenError) return emailTaken(c, error);
      throw error;
    }
  }
  return { mentor: after ?? before, now: current.now };
}
