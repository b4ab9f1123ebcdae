import { Hono } from "hono";
import { describeRoute, validator } from "hono-openapi";
import { requireSecretKey, type AuthVariables } from "../auth/middleware.ts";
import { d1Session, type DatabaseVariables } from "../db/session.ts";
import { methodNotAllowed, validationHook } from "../http/errors.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { reminderDays } from "../settings.ts";
import { isoSeconds } from "../time.ts";
import {
  findNotificationSettings,
  listEmailDeliveries,
  saveNotificationSettings,
  type NotificationSettingsRow,
} from "./queries.ts";
import {
  emailDeliveryListSchema,
  notificationSettingsBody,
  notificationSettingsSchema,
  type EmailDelivery,
  type NotificationSettings,
} from "./schemas.ts";

type NotificationsEnv = { Bindings: Env; Variables: AuthVariables & DatabaseVariables };

const TAGS = ["Notifications (v1)"];

const EXAMPLE = {
  coordinator_emails: ["koordinator@frivillig.no"],
  mentor_reminders: true,
  reminder_days: [60, 30, 7],
  language: "nb",
  weekly_digest: true,
} as const;

function serializeSettings(row: NotificationSettingsRow): NotificationSettings {
  return {
    coordinator_emails: row.coordinatorEmails,
    mentor_reminders: row.mentorReminders,
    reminder_days: row.reminderDays,
    language: row.language,
    weekly_digest: row.weeklyDigest,
    updated_at: row.updatedAt,
  };
}

/** What an organization that saved nothing has: no emails, REMINDER_DAYS for its webhooks. */
function unsavedSettings(env: Env): NotificationSettings {
  return {
    coordinator_emails: [],
    mentor_reminders: false,
    reminder_days: reminderDays(env),
    language: "nb",
    weekly_digest: false,
    updated_at: null,
  };
}

function serializeEmailDelivery(
  row: Awaited<ReturnType<typeof listEmailDeliveries>>[number],
): EmailDelivery {
  return {
    email_id: row.emailId,
    kind: row.kind,
    recipients: row.recipients,
    subject: row.subject,
    outcome: row.status === "pending" && row.attempts > 0 ? "retrying" : row.status,
    attempts: row.attempts,
    error: row.error,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** API v1 notification settings, mounted at /api/v1/notification-settings: the key's organization's. */
export const notificationsRoutes = new Hono<NotificationsEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  .get(
    "/",
    describeRoute({
      summary: "The organization's email notification settings",
      description:
        "Until they are saved (`updated_at` null) nothing is emailed, and the reminder thresholds are the deployment's `REMINDER_DAYS`.",
      tags: TAGS,
      ...authenticated,
      responses: {
        200: jsonResponse("The settings", notificationSettingsSchema, {
          ...EXAMPLE,
          updated_at: "2027-01-04T09:00:00Z",
        }),
        ...notModified,
        ...errorResponses(401, 403, 429),
      },
    }),
    async (c) => {
      const row = await findNotificationSettings(c.var.db, c.var.organization.id);
      return c.json(row ? serializeSettings(row) : unsavedSettings(c.env));
    },
  )
  .put(
    "/",
    describeRoute({
      summary: "Save the organization's email notification settings",
      description:
        "Replaces them whole: every field is required. `reminder_days` drive both the reminder emails and the `peer_mentor.certification_expiring` webhooks.",
      tags: TAGS,
      ...authenticated,
      requestBody: { content: { "application/json": { example: EXAMPLE } } },
      responses: {
        200: jsonResponse("The settings as saved", notificationSettingsSchema),
        ...errorResponses(400, 401, 403, 413, 415, 429),
      },
    }),
    requireJsonBody,
    validator("json", notificationSettingsBody, validationHook),
    async (c) => {
      const row = await saveNotificationSettings(
        c.var.db,
        c.var.organization.id,
        c.req.valid("json"),
        isoSeconds(new Date()),
      );
      return c.json(serializeSettings(row));
    },
  )
  .all("/", methodNotAllowed(["GET", "HEAD", "PUT"]))
  .get(
    "/deliveries",
    describeRoute({
      summary: "The organization's last emails",
      description:
        "The last 100, newest first: kind, recipients, subject, outcome (`pending`, `retrying`, `sent`, `failed` past the last retry, `cancelled` when the mentor was deleted first), attempts and the last error. An erased mentor's address is gone from `recipients`.",
      tags: TAGS,
      ...authenticated,
      responses: {
        200: jsonResponse("Emails", emailDeliveryListSchema),
        ...notModified,
        ...errorResponses(401, 403, 429),
      },
    }),
    async (c) => {
      const rows = await listEmailDeliveries(c.var.db, c.var.organization.id);
      return c.json({ data: rows.map(serializeEmailDelivery) });
    },
  )
  .all("/deliveries", methodNotAllowed(["GET", "HEAD"]));
