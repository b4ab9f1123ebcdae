import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { markRosterChanged } from "../peer-supporters/public/roster-changes.ts";

/**
 * After every console write to what the public roster shows (its members,
 * its settings, the mentors whose status keeps a member off it), marks the
 * organization's public roster changed, as the API's writes do
 * (public/roster-changes.ts): after a success, and after a failure that may
 * have committed (5xx); a refusal (4xx: invalid, stale, not found) wrote nothing.
 */
export const markRosterChangesOfConsoleWrites = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const refused = c.res.status >= 400 && c.res.status < 500;
  if (c.req.method !== "POST" || refused) return;
  c.executionCtx.waitUntil(markRosterChanged(c.env.TOKENS, [c.var.membership.organizationId]));
});
