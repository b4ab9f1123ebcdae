import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { emails, type EmailKind } from "../db/schema.ts";
import { rootCause } from "../db/root-cause.ts";
import { emailData } from "../outbox/event-data.ts";
import type { EmailQueueMessage } from "../outbox/emails.ts";
import { settings } from "../settings.ts";
import { isoSeconds } from "../lib/time.ts";
import { retryDelaySeconds } from "../webhooks/deliver.ts";
import { renderEmail } from "./templates.ts";

type EmailRow = typeof emails.$inferSelect;

/** Final outcomes drop the template data (names): the record keeps who, what kind, and how it went. */
export async function finishEmail(
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

function rendered(email: EmailRow) {
  const kind: EmailKind = email.kind;
  const data = emailData[kind].parse(JSON.parse(email.data ?? "null"));
  // Each kind's schema parsed its own data; the templates are typed per kind.
  return renderEmail(kind, email.language, data as never);
}

function errorText(error: unknown): string {
  const cause = rootCause(error);
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/**
 * The queue consumer's half for emails. A pending email is rendered and
 * sent through the EMAIL binding, and recorded as sent before its message is
 * acknowledged: a redelivered message finds it sent and sends nothing. A
 * failed send is retried with the webhooks' growing delay; past the last
 * retry the dead-letter consumer records it failed. Sent, failed or
 * cancelled emails (a mentor erased meanwhile) are acknowledged untouched.
 */
export async function deliverEmails(
  db: Database,
  messages: readonly Message<EmailQueueMessage>[],
  env: Env,
  deadLettered: boolean,
) {
  const baseSeconds = settings.WEBHOOK_RETRY_BASE_SECONDS(env);
  for (const message of messages) {
    const [email] = await db.select().from(emails).where(eq(emails.emailId, message.body.email_id));
    if (!email || email.status !== "pending") {
      message.ack();
      continue;
    }
    if (deadLettered) {
      await finishEmail(db, email.emailId, { status: "failed", error: email.error }, false);
      message.ack();
      continue;
    }
    if (email.recipients.length === 0) {
      await finishEmail(db, email.emailId, { status: "cancelled" }, false);
      message.ack();
      continue;
    }
    let messageId: string;
    try {
      const { subject, text, html } = rendered(email);
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
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, baseSeconds) });
      continue;
    }
    // Recorded before the ack; should this write fail, the message is retried and sent again.
    await finishEmail(db, email.emailId, { status: "sent", messageId }, true);
    message.ack();
  }
}
