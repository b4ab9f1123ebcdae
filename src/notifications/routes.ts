import { Hono, type Context } from "hono";
import { validator } from "#validator";
import type { AppEnv } from "../app-env.ts";
import { requireSecretKey } from "../auth/middleware.ts";
import { d1Session } from "../db/session.ts";
import { methodNotAllowed, validationHook } from "../http/errors.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { keyActor } from "../peer-mentors/writes/change-mentor.ts";
import type { NotificationSettingsPatch } from "./queries.ts";
import routeDocs from "#route-docs/notifications";
import { notificationSettingsBody, notificationSettingsPatch } from "./schemas.ts";
import { changeSettings, currentSettings, emailDeliveries, withoutRevision } from "./settings.ts";

/** PUT and PATCH: the fields sent, changed whatever the settings were. */
async function saveSettings(c: Context<AppEnv>, patch: NotificationSettingsPatch) {
  const saved = await changeSettings(c.var.db, c.env, c.var.organization.id, patch, {
    updatedBy: keyActor(c.var.key),
  });
  if (!saved) throw new Error("an unconditional save stored nothing");
  return c.json(withoutRevision(saved));
}

/** API v1 notification settings, mounted at /api/v1/notification-settings: the key's organization's. */
export const notificationsRoutes = new Hono<AppEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  .get("/", routeDocs.getSettings, async (c) => {
    return c.json(withoutRevision(await currentSettings(c.var.db, c.env, c.var.organization.id)));
  })
  .put(
    "/",
    routeDocs.saveSettings,
    requireJsonBody,
    validator("json", notificationSettingsBody, validationHook),
    (c) => saveSettings(c, c.req.valid("json")),
  )
  .patch(
    "/",
    routeDocs.patchSettings,
    requireJsonBody,
    validator("json", notificationSettingsPatch, validationHook),
    (c) => saveSettings(c, c.req.valid("json")),
  )
  .all("/", methodNotAllowed(["GET", "HEAD", "PUT", "PATCH"]))
  .get("/deliveries", routeDocs.listDeliveries, async (c) => {
    return c.json({ data: await emailDeliveries(c.var.db, c.var.organization.id) });
  })
  .all("/deliveries", methodNotAllowed(["GET", "HEAD"]));
