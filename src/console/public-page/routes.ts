import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { listTokens, tokenKind } from "../../auth/tokens.ts";
import {
  publicRosterSettingsBody,
  publicRosterSettingsSaves,
  readPublicRosterSettings,
  savePublicRosterSettings,
} from "../../peer-supporters/public/settings.ts";
import { settings } from "../../settings.ts";
import { fieldErrors, formFields } from "../forms.ts";
import { memberActor } from "../mentors/writes.ts";
import { markRosterChangesOfConsoleWrites } from "../roster-changes.ts";
import { requireAdmin } from "../sessions/middleware.ts";
import { publicPage, type PublicPageProps } from "./page.tsx";

/** The page as it is now, with the organization's publishable keys (read only here). */
async function showPublicPage(
  c: Context<AppEnv>,
  shown: Omit<
    PublicPageProps,
    "settings" | "revision" | "savedBy" | "keys" | "chosenKeyId" | "maxAgeSeconds"
  > = {},
) {
  const { organizationId } = c.var.membership;
  const [current, saves, tokens] = await Promise.all([
    readPublicRosterSettings(c.var.db, organizationId),
    publicRosterSettingsSaves(c.var.db, organizationId),
    listTokens(c.env.TOKENS, organizationId),
  ]);
  return publicPage(c, {
    settings: current,
    revision: saves.revision,
    savedBy: saves.updatedBy,
    keys: tokens.filter((token) => tokenKind(token) === "publishable"),
    chosenKeyId: c.req.query("key"),
    maxAgeSeconds: settings.PUBLIC_ROSTER_MAX_AGE(c.env),
    ...shown,
  });
}

/** Mounted at /console/:organization_id/public-page: everyone sees it, admins change what it shows. */
export const publicPageRoutes = new Hono<AppEnv>()
  .use(markRosterChangesOfConsoleWrites)
  .get("/", async (c) =>
    showPublicPage(c, {
      notice: c.req.query("notice") === "saved" ? c.var.text.publicPage.saved : undefined,
    }),
  )
  .post("/settings", requireAdmin, async (c) => {
    const typed = await formFields(c);
    const body = publicRosterSettingsBody.safeParse({
      show_motivation: typed.show_motivation === "on",
      show_recovery_status: typed.show_recovery_status === "on",
      contact_url: typed.contact_url?.trim() ? typed.contact_url : null,
    });
    if (!body.success)
      return showPublicPage(c, { errors: fieldErrors(body.error.issues, c.var.language), typed });
    const { organizationId, organizationPublicId } = c.var.membership;
    const stale = () => showPublicPage(c, { warning: c.var.text.publicPage.stale, status: 409 });
    // A form without a revision it showed cannot say which version it changes.
    const revision = Number(typed.revision);
    if (!Number.isInteger(revision)) return stale();
    const saved = await savePublicRosterSettings(
      c.var.db,
      organizationId,
      body.data,
      { now: new Date(), updatedBy: memberActor(c.var.membership) },
      revision,
    );
    if (!saved) return stale();
    return c.redirect(`/console/${organizationPublicId}/public-page?notice=saved`, 303);
  });
