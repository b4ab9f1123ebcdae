import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { EMAIL_OUTCOMES } from "../../notifications/schemas.ts";
import { changeSettings, currentSettings, emailDeliveries } from "../../notifications/settings.ts";
import { formFields } from "../forms.ts";
import { memberActor } from "../mentors/writes.ts";
import { changedFields, formValues, parseSettingsForm } from "./form.ts";
import { notificationsPage } from "./page.tsx";

const NOTICES = ["saved", "unchanged"] as const;

type ShownForm = Pick<Parameters<typeof notificationsPage>[1], "errors" | "notice" | "stale"> & {
  typed?: Record<string, string>;
};

/** The page with the settings and deliveries as they are now; after a failed submit, what was typed. */
async function showSettings(c: Context<AppEnv>, { typed, ...shown }: ShownForm = {}) {
  const organizationId = c.var.membership.organizationId;
  const [settings, deliveries] = await Promise.all([
    currentSettings(c.var.db, c.env, organizationId),
    emailDeliveries(c.var.db, organizationId),
  ]);
  const outcome = EMAIL_OUTCOMES.find((known) => known === c.req.query("outcome"));
  return notificationsPage(c, {
    values: typed ?? formValues(settings),
    revision: settings.revision,
    saved: settings.updated_at !== null,
    savedBy: settings.updatedBy,
    deliveries: outcome
      ? deliveries.filter((delivery) => delivery.outcome === outcome)
      : deliveries,
    outcome,
    ...shown,
  });
}

/**
 * Mounted at /console/:organization_id/notifications: every member may
 * change the settings, as a coordinator's week needs (the API's PATCH, by
 * the same service); a form made from an older revision saves nothing.
 */
export const notificationRoutes = new Hono<AppEnv>()
  .get("/", (c) => {
    const notice = NOTICES.find((known) => known === c.req.query("notice"));
    return showSettings(c, { notice: notice && c.var.text.notifications[notice] });
  })
  .post("/", async (c) => {
    const typed = await formFields(c);
    const parsed = parseSettingsForm(typed, c.var.language);
    if (!parsed.settings) return showSettings(c, { errors: parsed.errors, typed });
    const revision = Number(typed.revision);
    const organizationId = c.var.membership.organizationId;
    const current = await currentSettings(c.var.db, c.env, organizationId);
    if (!Number.isInteger(revision) || revision !== current.revision) {
      return showSettings(c, { stale: true });
    }
    // Never saved: the first save stores the whole form, so emails start.
    const patch =
      current.revision === 0 ? parsed.settings : changedFields(current, parsed.settings);
    const path = `/console/${c.var.membership.organizationPublicId}/notifications`;
    if (Object.keys(patch).length === 0) return c.redirect(`${path}?notice=unchanged`, 303);
    const saved = await changeSettings(c.var.db, c.env, organizationId, patch, {
      updatedBy: memberActor(c.var.membership),
      revision,
    });
    if (!saved) return showSettings(c, { stale: true });
    return c.redirect(`${path}?notice=saved`, 303);
  });
