import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { emails, notificationSettings, type StatusChangeActor } from "../db/schema.ts";
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

/** Some of the settings (PATCH, the console's form): the fields sent, nothing else. */
export type NotificationSettingsPatch = Partial<NotificationSettingsBody>;

const COLUMNS = {
  coordinator_emails: "coordinatorEmails",
  mentor_reminders: "mentorReminders",
  reminder_days: "reminderDays",
  language: "language",
  weekly_digest: "weeklyDigest",
} as const satisfies Record<keyof NotificationSettingsBody, keyof NotificationSettingsRow>;

/**
 * Changes only the fields in `patch`, in one statement (two writers changing
 * different fields both keep theirs); an organization that saved nothing yet
 * starts from `unsaved`. With `revision`, only if the settings are still at
 * that revision (0: never saved): undefined when they are not. Answers the
 * settings as stored.
 */
export async function patchNotificationSettings(
  db: Database,
  organizationId: number,
  patch: NotificationSettingsPatch,
  {
    unsaved,
    updatedAt,
    revision,
    updatedBy = null,
  }: {
    unsaved: NotificationSettingsBody;
    updatedAt: string;
    revision?: number;
    /** Who saves (the API's key, a console member); null for a script. */
    updatedBy?: StatusChangeActor | null;
  },
): Promise<NotificationSettingsRow | undefined> {
  const changed: Partial<NotificationSettingsRow> = {};
  for (const [field, column] of Object.entries(COLUMNS)) {
    const value = patch[field as keyof NotificationSettingsBody];
    if (value !== undefined) Object.assign(changed, { [column]: value });
  }
  const fresh = { ...unsaved, ...patch };
  const [row] = await db
    .insert(notificationSettings)
    .values({
      organizationId,
      coordinatorEmails: fresh.coordinator_emails,
      mentorReminders: fresh.mentor_reminders,
      reminderDays: fresh.reminder_days,
      language: fresh.language,
      weeklyDigest: fresh.weekly_digest,
      updatedAt,
      revision: 1,
      updatedBy,
    })
    .onConflictDoUpdate({
      target: notificationSettings.organizationId,
      set: {
        ...changed,
        updatedAt,
        updatedBy,
        revision: sql`${notificationSettings.revision} + 1`,
      },
      ...(revision === undefined ? {} : { setWhere: eq(notificationSettings.revision, revision) }),
    })
    .returning();
  return row;
}

/** Saves the organization's settings whole (PUT, the dev and bench scripts), and answers them as stored. */
export async function saveNotificationSettings(
  db: Database,
  organizationId: number,
  body: NotificationSettingsBody,
  updatedAt: string,
): Promise<NotificationSettingsRow> {
  const row = await patchNotificationSettings(db, organizationId, body, {
    unsaved: body,
    updatedAt,
  });
  if (!row) throw new Error("an unconditional save stored nothing");
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
