import { createMiddleware } from "hono/factory";
import { jsonError } from "../http/errors.ts";
import { findTokenRecord } from "./tokens.ts";

export type AuthenticatedOrganization = { id: number; publicId: string };
export type AuthVariables = { organization: AuthenticatedOrganization };

const BEARER = /^Bearer +(\S+) *$/i;

/** 401 with the challenge RFC 9110 requires; `error` says why, as RFC 6750 suggests. */
export function unauthorized(c: Parameters<typeof jsonError>[0], error: string, challenge: string) {
  return jsonError(c, 401, error, { headers: { "WWW-Authenticate": challenge } });
}

/** Resolves `Authorization: Bearer <token>` to its organization, or answers 401. */
export const requireToken = createMiddleware<{ Bindings: Env; Variables: AuthVariables }>(
  async (c, next) => {
    const header = c.req.header("Authorization");
    if (!header) return unauthorized(c, "Unauthorized Access", "Bearer");
    const token = BEARER.exec(header)?.[1];
    const record = token ? await findTokenRecord(c.env.TOKENS, token) : null;
    if (!record) return unauthorized(c, "Unauthorized Access", 'Bearer error="invalid_token"');
    c.set("organization", { id: record.organization_id, publicId: record.organization_public_id });
    await next();
  },
);
