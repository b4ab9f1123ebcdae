import { Hono } from "hono";
import { validator } from "#validator";
import type { AppEnv } from "../app-env.ts";
import { requireSecretKey } from "../auth/middleware.ts";
import { d1Session } from "../db/session.ts";
import { methodNotAllowed, validationHook } from "../http/errors.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { reminderDays } from "../settings.ts";
import { isoSeconds } from "../lib/time.ts";
import {
  findNotificationSettings,
  listEmailDeliveries,
  saveNotificationSettings,
  type NotificationSettingsRow,
} from "./queries.ts";
import routeDocs from "#route-docs/notifications";
import {
  notificationSettingsBody,
  type EmailDelivery,
  type NotificationSettings,
} from "./schemas.ts";

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
export const notificationsRoutes = new Hono<AppEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  .get("/", routeDocs.getSettings, async (c) => {
    const row = await findNotificationSettings(c.var.db, c.var.organization.id);
    return c.json(row ? serializeSettings(row) : unsavedSettings(c.env));
  })
  .put(
    "/",
    routeDocs.saveSettings,
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
  .get("/deliveries", routeDocs.listDeliveries, async (c) => {
    const rows = await listEmailDeliveries(c.var.db, c.var.organization.id);
    return c.json({ data: rows.map(serializeEmailDelivery) });
  })
  .all("/deliveries", methodNotAllowed(["GET", "HEAD"]));
