import * as z from "zod";
import { EMAIL_KINDS, NOTIFICATION_LANGUAGES } from "../db/schema.ts";
import { timestampSchema } from "../http/timestamp-schema.ts";
import { email } from "../peer-mentors/schemas.ts";
import { MAX_REMINDER_DAYS } from "../settings.ts";

export const MAX_COORDINATOR_EMAILS = 10;
export const MAX_THRESHOLDS = 5;

const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;

export const notificationSettingsBody = z.strictObject({
  coordinator_emails: z
    .array(email)
    .max(MAX_COORDINATOR_EMAILS)
    .refine(distinct, { message: "must not repeat an address" })
    .meta({
      description: `0 to ${String(MAX_COORDINATOR_EMAILS)} addresses; Unicode addresses allowed.`,
    }),
  mentor_reminders: z
    .boolean()
    .meta({ description: "Email each mentor their own reminders and expiry notice too." }),
  reminder_days: z
    .array(z.number().int().min(1).max(MAX_REMINDER_DAYS))
    .min(1)
    .max(MAX_THRESHOLDS)
    .refine(distinct, { message: "must not repeat a day" })
    .transform((days) => [...days].sort((a, b) => b - a))
    .meta({
      description: `1 to ${String(MAX_THRESHOLDS)} distinct whole days before expiry, each 1 to ${String(MAX_REMINDER_DAYS)}: the thresholds of both reminder emails and \`certification_expiring\` webhooks.`,
    }),
  language: z
    .enum(NOTIFICATION_LANGUAGES)
    .meta({ description: "`nb` Norwegian Bokmål, `en` English." }),
  weekly_digest: z
    .boolean()
    .meta({ description: "Send the coordinators a digest every Monday morning (Oslo time)." }),
});
export type NotificationSettingsBody = z.output<typeof notificationSettingsBody>;

/** PATCH: any of the fields, at least one; those not sent stay as they are. */
export const notificationSettingsPatch = notificationSettingsBody
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, {
    message: "must name at least one setting to change",
  });

export const notificationSettingsSchema = z.strictObject({
  coordinator_emails: z.array(z.string()),
  mentor_reminders: z.boolean(),
  reminder_days: z.array(z.number().int()),
  language: z.enum(NOTIFICATION_LANGUAGES),
  weekly_digest: z.boolean(),
  updated_at: timestampSchema.nullable().meta({
    description: "null until the organization saves settings: nothing is emailed until then.",
  }),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const EMAIL_OUTCOMES = ["pending", "retrying", "sent", "failed", "cancelled"] as const;

export const emailDeliveryListSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      email_id: z.string(),
      kind: z.enum(EMAIL_KINDS),
      recipients: z.array(z.string()),
      subject: z.string(),
      outcome: z.enum(EMAIL_OUTCOMES),
      attempts: z.number().int(),
      error: z.string().nullable(),
      created_at: timestampSchema,
      updated_at: timestampSchema,
    }),
  ),
});
export type EmailDelivery = z.output<typeof emailDeliveryListSchema>["data"][number];
