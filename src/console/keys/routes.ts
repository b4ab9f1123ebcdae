import { Hono, type Context } from "hono";
import { listTokens } from "../../auth/tokens.ts";
import type { AppEnv } from "../../app-env.ts";
import { fieldErrors, formFields } from "../forms.ts";
import { errorPage } from "../layout/render.tsx";
import { requireAdmin } from "../sessions/middleware.ts";
import {
  createKeyAsMember,
  findKey,
  listKeyChanges,
  newKeyInput,
  revokeKeyAsMember,
} from "./keys.ts";
import { keysPage, revokeKeyPage } from "./page.tsx";

const NOTICES = { created: "createdNotice", revoked: "revokedNotice" } as const;

const keysPath = (c: Context<AppEnv>) => `/console/${c.var.membership.organizationPublicId}/keys`;

/** The page with the organization's keys as they are now, and whatever else this answer shows. */
async function currentKeysPage(
  c: Context<AppEnv>,
  extra: Omit<Parameters<typeof keysPage>[1], "keys" | "changes"> = {},
) {
  const organizationId = c.var.membership.organizationId;
  const [keys, changes] = await Promise.all([
    listTokens(c.env.TOKENS, organizationId),
    c.var.membership.role === "admin" ? listKeyChanges(c.var.db, organizationId) : [],
  ]);
  return keysPage(c, { keys, changes, ...extra });
}

/**
 * Mounted at /console/:organization_id/keys: everyone sees the publishable
 * keys and their snippets; admins see every key, make and revoke them.
 */
export const keyRoutes = new Hono<AppEnv>()
  .get("/", (c) => {
    const notice = Object.entries(NOTICES).find(([name]) => name === c.req.query("notice"));
    return currentKeysPage(c, { notice: notice && c.var.text.keys[notice[1]] });
  })
  .post("/", requireAdmin, async (c) => {
    const typed = await formFields(c);
    const input = newKeyInput.safeParse(typed);
    if (!input.success)
      return currentKeysPage(c, { errors: fieldErrors(input.error.issues, c.var.language), typed });
    let created;
    try {
      created = await createKeyAsMember(c.var.db, c.env.TOKENS, c.var.membership, input.data);
    } catch (error) {
      // The label and origins together too long for the key's record.
      if (!(error instanceof RangeError)) throw error;
      return currentKeysPage(c, { errors: new Map([["label", c.var.text.keys.tooLong]]), typed });
    }
    // A publishable key stays on the page; a secret one is shown on this answer alone.
    if (created.record.kind === "publishable")
      return c.redirect(`${keysPath(c)}?notice=created`, 303);
    return currentKeysPage(c, { newSecret: created });
  })
  .get("/:token_id/revoke", requireAdmin, async (c) => {
    const key = await findKey(
      c.env.TOKENS,
      c.var.membership.organizationId,
      c.req.param("token_id"),
    );
    return key ? revokeKeyPage(c, key) : errorPage(c, 404, true);
  })
  .post("/:token_id/revoke", requireAdmin, async (c) => {
    const revoked = await revokeKeyAsMember(
      c.var.db,
      c.env.TOKENS,
      c.var.membership,
      c.req.param("token_id"),
    );
    return revoked ? c.redirect(`${keysPath(c)}?notice=revoked`, 303) : errorPage(c, 404, true);
  });
