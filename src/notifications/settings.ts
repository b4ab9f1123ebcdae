import type { Database } from "../db/client.ts";
import type { StatusChangeActor } from "../db/schema.ts";
import { isoSeconds } from "../lib/time.ts";
import { reminderDays } from "../settings.ts";
import {
  findNotificationSettings,
  listEmailDeliveries,
  patchNotificationSettings,
  type NotificationSettingsPatch,
  type NotificationSettingsRow,
} from "./queries.ts";
import type { EmailDelivery, NotificationSettings, NotificationSettingsBody } from "./schemas.ts";

/*
 * The one service behind the API's GET, PUT and PATCH and the console's
 * form: settings as the API shows them, changed a field at a time.
 */

/** Settings with the revision the console's form carries (0: never saved) and who saved them last. */
export type CurrentSettings = NotificationSettings & {
  revision: number;
  updatedBy: StatusChangeActor | null;
};

function serializeSettings(row: NotificationSettingsRow): CurrentSettings {
  return {
    coordinator_emails: row.coordinatorEmails,
    mentor_reminders: row.mentorReminders,
    reminder_days: row.reminderDays,
    language: row.language,
    weekly_digest: row.weeklyDigest,
    updated_at: row.updatedAt,
    revision: row.revision,
    updatedBy: row.updatedBy,
  };
}

/** What an organization that saved nothing has: no emails, REMINDER_DAYS for its webhooks. */
const unsavedSettings = (env: Env): NotificationSettingsBody => ({
  coordinator_emails: [],
  mentor_reminders: false,
  reminder_days: reminderDays(env),
  language: "nb",
  weekly_digest: false,
});

/** The organization's settings, saved or not. */
export async function currentSettings(
  db: Database,
  env: Env,
  organizationId: number,
): Promise<CurrentSettings> {
  const row = await findNotificationSettings(db, organizationId);
  if (row) return serializeSettings(row);
  return { ...unsavedSettings(env), updated_at: null, revision: 0, updatedBy: null };
}

/**
 * Changes the fields in `patch` and nothing else (PUT sends them all), as
 * `updatedBy`; with `revision`, only while the settings are at it: undefined
 * when someone else saved in between.
 */
export async function changeSettings(
  db: Database,
  env: Env,
  organizationId: number,
  patch: NotificationSettingsPatch,
  { updatedBy, revision }: { updatedBy: StatusChangeActor; revision?: number },
): Promise<CurrentSettings | undefined> {
  const row = await patchNotificationSettings(db, organizationId, patch, {
    unsaved: unsavedSettings(env),
    updatedAt: isoSeconds(new Date()),
    updatedBy,
    ...(revision === undefined ? {} : { revision }),
  });
  return row && serializeSettings(row);
}

/** The API's answer: the settings without the console's revision and who saved them. */
export const withoutRevision = ({
  revision: _,
  updatedBy: __,
  ...settings
}: CurrentSettings): NotificationSettings => settings;

/** The organization's last emails as the API lists them, newest first. */
export async function emailDeliveries(
  db: Database,
  organizationId: number,
): Promise<EmailDelivery[]> {
  const rows = await listEmailDeliveries(db, organizationId);
  return rows.map((row) => ({
    email_id: row.emailId,
    kind: row.kind,
    recipients: row.recipients,
    subject: row.subject,
    outcome: row.status === "pending" && row.attempts > 0 ? "retrying" : row.status,
    attempts: row.attempts,
    error: row.error,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  }));
}
