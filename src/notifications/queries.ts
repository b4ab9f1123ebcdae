import { desc, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { emails, notificationSettings } from "../db/schema.ts";
import { DELIVERIES_KEPT } from "../outbox/kept-records.ts";
import type { NotificationSettingsBody } from "./schemas.ts";

export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;

export async function findNotificationSettings(db: Database, organizationId: number) {
  const [row] = await db
    .select()
    .from(notificationSettings)
    .where(eq(notificationSettings.organizationId, organizationId));
  return row;
}

/** Saves the organization's settings whole (PUT), and answers them as stored. */
export async function saveNotificationSettings(
  db: Database,
  organizationId: number,
  body: NotificationSettingsBody,
  updatedAt: string,
): Promise<NotificationSettingsRow> {
  const row: NotificationSettingsRow = {
    organizationId,
    coordinatorEmails: body.coordinator_emails,
    mentorReminders: body.mentor_reminders,
    reminderDays: body.reminder_days,
    language: body.language,
    weeklyDigest: body.weekly_digest,
    updatedAt,
  };
  await db
    .insert(notificationSettings)
    .values(row)
    .onConflictDoUpdate({ target: notificationSettings.organizationId, set: row });
  return row;
}

/** The organization's last emails, newest first. */
export function listEmailDeliveries(db: Database, organizationId: number) {
  return db
    .select({
      emailId: emails.emailId,
      kind: emails.kind,
      recipients: emails.recipients,
      subject: emails.subject,
      status: emails.status,
      attempts: emails.attempts,
      error: emails.error,
      createdAt: emails.createdAt,
      updatedAt: emails.updatedAt,
    })
    .from(emails)
    .where(eq(emails.organizationId, organizationId))
    .orderBy(desc(emails.createdAt), desc(emails.emailId))
    .limit(DELIVERIES_KEPT);
}
