import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { markRosterChanged } from "../peer-supporters/public/roster-changes.ts";

/**
 * After every console write to what the public roster shows (its members,
 * its settings, the mentors whose status keeps a member off it), whatever
 * it answered (a failed write may have committed), marks the organization's
 * public roster changed, as the API's writes do (public/roster-changes.ts).
 */
export const markRosterChangesOfConsoleWrites = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method !== "POST") return;
  c.executionCtx.waitUntil(markRosterChanged(c.env.TOKENS, [c.var.membership.organizationId]));
});
