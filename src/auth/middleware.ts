import { createMiddleware } from "hono/factory";
import { jsonError } from "../http/errors.ts";
import { createTokenCache } from "./token-cache.ts";
import { findTokenRecord } from "./tokens.ts";

/**
 * Resolved tokens, kept for 10 s in this isolate: most requests then need no
 * KV read at all. With KV's own cacheTtl this bounds how long a revoked token
 * keeps working (README, "Performance").
 */
export const TOKEN_CACHE_TTL_MS = 10_000;
const tokenCache = createTokenCache({ maxEntries: 1_000, ttlMs: TOKEN_CACHE_TTL_MS });

export type AuthenticatedOrganization = { id: number; publicId: string };
export type AuthVariables = { organization: AuthenticatedOrganization };

const BEARER = /^Bearer +(\S+) *$/i;

/** 401 with the challenge RFC 9110 requires; `error` says why, as RFC 6750 suggests. */
export function unauthorized(c: Parameters<typeof jsonError>[0], error: string, challenge: string) {
  return jsonError(c, 401, error, { headers: { "WWW-Authenticate": challenge } });
}

// Both limiters' period in wrangler.toml [[ratelimits]]: the longest a client must wait.
const RATE_LIMIT_PERIOD_SECONDS = 60;

function tooManyRequests(c: Parameters<typeof jsonError>[0]) {
  return jsonError(c, 429, "Too Many Requests", {
    headers: { "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS) },
  });
}

/**
 * Resolves `Authorization: Bearer <token>` to its organization, or answers
 * 401. Valid tokens are rate limited per token; failed attempts per client IP.
 */
export const requireToken = createMiddleware<{ Bindings: Env; Variables: AuthVariables }>(
  async (c, next) => {
    // One organization's data must never sit in a shared cache.
    c.header("Cache-Control", "private, no-cache");
    const header = c.req.header("Authorization");
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    const record = token ? await findTokenRecord(c.env.TOKENS, token, tokenCache) : null;
    if (!record) {
      const clientIp = c.req.header("CF-Connecting-IP") ?? "unknown";
      const { success } = await c.env.AUTH_FAILURE_RATE_LIMITER.limit({ key: clientIp });
      if (!success) return tooManyRequests(c);
      return header
        ? unauthorized(c, "Unauthorized Access", 'Bearer error="invalid_token"')
        : unauthorized(c, "Unauthorized Access", "Bearer");
    }
    const { success } = await c.env.TOKEN_RATE_LIMITER.limit({ key: record.token_id });
    if (!success) return tooManyRequests(c);
    c.set("organization", { id: record.organization_id, publicId: record.organization_public_id });
    await next();
  },
);
