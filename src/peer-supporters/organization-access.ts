import { createMiddleware } from "hono/factory";
import { validator } from "#validator";
import type { AppEnv } from "../app-env.ts";
import { requireRosterKey, requireSecretKey, unauthorized } from "../auth/middleware.ts";
import { d1Session } from "../db/session.ts";
import { notFound } from "../http/errors.ts";
import { markRosterChangesOfWrites } from "./public/roster-changes.ts";
import { organizationIdParam } from "./roster/schemas.ts";

/**
 * What every route under /:organization_id runs first: a numeric
 * organization id (anything else names no organization: 404, before
 * authentication), a key the route takes, of that very organization (else
 * 401), and the request's database session.
 */
function organizationAccess<Key extends typeof requireRosterKey>(requireKey: Key) {
  return [
    validator("param", organizationIdParam, (result) => {
      if (!result.success) throw notFound();
    }),
    requireKey,
    createMiddleware<AppEnv>(async (c, next) => {
      if (Number(c.req.param("organization_id")) !== c.var.organization.id) {
        return unauthorized(c, "Not Authorized", 'Bearer error="invalid_token"');
      }
      await next();
    }),
    d1Session,
  ] as const;
}

/** Reads of the directory: a secret or a publishable key. */
export const rosterReadAccess = organizationAccess(requireRosterKey);
/**
 * The roster's management: a secret key only (publishable: 403); its writes
 * mark the public roster changed (public/roster-changes.ts).
 */
export const rosterManageAccess = [
  ...organizationAccess(requireSecretKey),
  markRosterChangesOfWrites,
] as const;
