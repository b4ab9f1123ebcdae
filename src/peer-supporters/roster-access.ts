import { createMiddleware } from "hono/factory";
import { validator } from "hono-openapi";
import { requireRosterKey, unauthorized, type AuthVariables } from "../auth/middleware.ts";
import { d1Session, type DatabaseVariables } from "../db/session.ts";
import { handleNotFound } from "../http/errors.ts";
import { organizationIdParam } from "./schemas.ts";

export type RosterEnv = { Bindings: Env; Variables: AuthVariables & DatabaseVariables };

/**
 * What every read of an organization's public directory data runs first:
 * a numeric organization id (anything else names no organization: 404,
 * before authentication), a secret or publishable key of that very
 * organization, and the request's database session.
 */
export const rosterReadAccess = [
  validator("param", organizationIdParam, (result, c) =>
    result.success ? undefined : handleNotFound(c),
  ),
  requireRosterKey,
  createMiddleware<RosterEnv>(async (c, next) => {
    if (Number(c.req.param("organization_id")) !== c.get("organization").id) {
      return unauthorized(c, "Not Authorized", 'Bearer error="invalid_token"');
    }
    await next();
  }),
  d1Session,
] as const;
