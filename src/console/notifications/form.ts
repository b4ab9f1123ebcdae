import {
  notificationSettingsBody,
  type NotificationSettingsBody,
} from "../../notifications/schemas.ts";
import type { NotificationSettingsPatch } from "../../notifications/queries.ts";
import type { CurrentSettings } from "../../notifications/settings.ts";
import type { FieldErrors } from "../layout/document.tsx";
import type { ConsoleLanguage } from "../text.ts";
import { issueText } from "../validation-text.ts";

/*
 * The settings form: the API's field names, one address per line, the days
 * as "60, 30, 7", the two switches as checkboxes; validated by the API's
 * own schema, so its rules, in the console's language.
 */

const FIELDS = Object.keys(notificationSettingsBody.shape) as (keyof NotificationSettingsBody)[];

/** What the form shows for settings as stored. */
export const formValues = (settings: CurrentSettings): Record<string, string> => ({
  coordinator_emails: settings.coordinator_emails.join("\n"),
  mentor_reminders: settings.mentor_reminders ? "on" : "",
  reminder_days: settings.reminder_days.join(", "),
  language: settings.language,
  weekly_digest: settings.weekly_digest ? "on" : "",
});

const lines = (text = "") =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A day as typed: a whole number as one, anything else as the text the API's schema refuses. */
const days = (text = "") =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((day) => (/^\d+$/.test(day) ? Number(day) : day));

/** The form's fields as the API's body; errors by field (an address's names the address). */
export function parseSettingsForm(typed: Record<string, string>, language: ConsoleLanguage) {
  const addresses = lines(typed.coordinator_emails);
  const parsed = notificationSettingsBody.safeParse({
    coordinator_emails: addresses,
    mentor_reminders: typed.mentor_reminders === "on",
    reminder_days: days(typed.reminder_days),
    language: typed.language,
    weekly_digest: typed.weekly_digest === "on",
  });
  if (parsed.success) return { settings: parsed.data };
  const errors = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const [name = "", index] = issue.path;
    const field = String(name);
    if (errors.has(field)) continue;
    // One address of the list: its own rule, that of every email, after the address itself.
    const address =
      field === "coordinator_emails" && typeof index === "number" ? addresses[index] : undefined;
    errors.set(
      field,
      address === undefined
        ? issueText(issue, language)
        : `${address}: ${issueText(issue, language, "email")}`,
    );
  }
  return { errors: errors as FieldErrors };
}

/** The fields whose value the form changes from `current`: what the save writes. */
export function changedFields(
  current: CurrentSettings,
  settings: NotificationSettingsBody,
): NotificationSettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (JSON.stringify(settings[field]) !== JSON.stringify(current[field])) {
      patch[field] = settings[field];
    }
  }
  return patch;
}
