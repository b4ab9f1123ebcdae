import { and, eq, ne, sql } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../db/client.ts";
import { rootCause } from "../../db/root-cause.ts";
import { emails, organizations, type EmailKind } from "../../db/schema.ts";
import { renderEmail } from "../../notifications/templates.ts";
import { settings } from "../../settings.ts";
import { isoSeconds } from "../../lib/time.ts";
import { ATTEMPTS_BEFORE, type OutboxChannel } from "../channel.ts";
import { enqueueRows } from "../enqueue.ts";
import { emailData } from "../event-data.ts";
import { olderThanTheKept } from "../kept-records.ts";

/*
 * Emails: each row of table emails is one email (all its recipients),
 * written in the same D1 batch as what caused it (../email-rows.ts), with
 * its kind's template data as ../event-data.ts has it; it is then its own
 * delivery record, which GET …/notification-settings/deliveries shows. One
 * queue message per email; it is rendered and sent through the EMAIL binding.
 */

/** One queue message: one email (all its recipients). */
const emailMessage = z.strictObject({ email_id: z.string(), attempts_before: ATTEMPTS_BEFORE });
export type EmailMessage = z.output<typeof emailMessage>;

type EmailRow = typeof emails.$inferSelect;

/**
 * Puts committed emails (their `email_id`s) on the outbox queue, after the
 * batch that wrote them; one whose enqueue fails is handed on by the cron.
 */
export function enqueueEmails(
  db: Database,
  queue: Queue<EmailMessage>,
  emailIds: readonly string[],
  now = new Date(),
): Promise<void> {
  return enqueueRows(db, queue, emailChannel, emailIds, { now });
}

/** Final outcomes drop the template data (names): the record keeps who, what kind, and how it went. */
async function finishEmail(
  db: Database,
  emailId: string,
  change: { status: "sent" | "failed" | "cancelled"; messageId?: string; error?: string | null },
  attempted: boolean,
) {
  await db
    .update(emails)
    .set({
      status: change.status,
      messageId: change.messageId ?? null,
      error: change.error ?? null,
      data: null,
      updatedAt: isoSeconds(new Date()),
      ...(attempted ? { attempts: sql`${emails.attempts} + 1` } : {}),
    })
    .where(and(eq(emails.emailId, emailId), eq(emails.status, "pending")));
}

function rendered(email: EmailRow, consoleBase: string | undefined) {
  const kind: EmailKind = email.kind;
  const data = emailData[kind].parse(JSON.parse(email.data ?? "null"));
  // Each kind's schema parsed its own data; the templates are typed per kind.
  return renderEmail(kind, email.language, data as never, consoleBase);
}

/** The organization's console (CONSOLE_URL/console/<public id>), or undefined when CONSOLE_URL is unset. */
async function consoleBaseOf(db: Database, env: Env, email: EmailRow) {
  const consoleUrl = settings.CONSOLE_URL(env);
  if (consoleUrl === undefined) return undefined;
  const [organization] = await db
    .select({ publicId: organizations.publicId })
    .from(organizations)
    .where(eq(organizations.id, email.organizationId));
  return organization && `${consoleUrl}/console/${organization.publicId}`;
}

function errorText(error: unknown): string {
  const cause = rootCause(error);
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

async function pendingEmail(db: Database, emailId: string) {
  const [email] = await db.select().from(emails).where(eq(emails.emailId, emailId));
  return email?.status === "pending" ? email : undefined;
}

/** A pending email the sweep found stalled, with its last attempt's error for the failure record. */
type StalledEmail = { email_id: string; attempts: number; error: string | null };

export const emailChannel: OutboxChannel<EmailMessage, StalledEmail> = {
  name: "email",
  rowsName: "emails",
  rows: {
    table: emails,
    id: emails.emailId,
    enqueuedAt: emails.enqueuedAt,
    createdAt: emails.createdAt,
  },
  // The sweep goes by an email's last move; sending it again is one.
  resendStampsEnqueued: true,

  message: emailMessage,
  rowIdOf: (body) => body.email_id,
  messagesFor: (_db, ids) => Promise.resolve(ids.map((email_id) => ({ email_id }))),

  /**
   * Renders and sends a pending email, and records it sent before its
   * message is acknowledged: a redelivered message finds it sent and sends
   * nothing. Sent, failed or cancelled emails (a mentor erased meanwhile)
   * are left untouched.
   */
  async deliver(db, body, _attempt, env) {
    const email = await pendingEmail(db, body.email_id);
    if (!email) return "settled";
    if (email.recipients.length === 0) {
      await finishEmail(db, email.emailId, { status: "cancelled" }, false);
      return "settled";
    }
    let messageId: string;
    try {
      const { subject, text, html } = rendered(email, await consoleBaseOf(db, env, email));
      ({ messageId } = await env.EMAIL.send({
        from: settings.EMAIL_FROM(env),
        to: email.recipients,
        subject,
        text,
        html,
      }));
    } catch (error) {
      await db
        .update(emails)
        .set({
          attempts: sql`${emails.attempts} + 1`,
          error: errorText(error),
          updatedAt: isoSeconds(new Date()),
        })
        .where(eq(emails.emailId, email.emailId));
      return "retry";
    }
    // Recorded before the ack; should this write fail, the message is retried and sent again.
    await finishEmail(db, email.emailId, { status: "sent", messageId }, true);
    return "settled";
  },

  async recordDeadLetter(db, body) {
    const email = await pendingEmail(db, body.email_id);
    if (email)
      await finishEmail(db, email.emailId, { status: "failed", error: email.error }, false);
  },

  findStalled: (db, { from, until, overdue, limit }) =>
    db.all<StalledEmail>(
      sql`SELECT * FROM (SELECT email_id, attempts, error, max(enqueued_at, updated_at) AS last_moved_at
          FROM emails WHERE enqueued_at >= ${from} AND enqueued_at < ${until} AND status = 'pending')
        WHERE ${overdue}
        LIMIT ${limit}`,
    ),

  // As the dead-letter consumer records it: failed, with the last attempt's error.
  recordGivenUp: (db, stalled) =>
    finishEmail(db, stalled.email_id, { status: "failed", error: stalled.error }, false),

  resendMessage: ({ email_id }) => ({ email_id }),

  /** Each organization's last DELIVERIES_KEPT emails, and pending ones besides. */
  pruneStatements: (db) => [
    db
      .delete(emails)
      .where(
        and(
          ne(emails.status, "pending"),
          olderThanTheKept(db, emails.emailId, emails.organizationId, [
            sql`${emails.createdAt} DESC`,
            sql`${emails.emailId} DESC`,
          ]),
        ),
      ),
  ],
};
