import { createMiddleware } from "hono/factory";
import { jsonError } from "../http/errors.ts";
import { createTokenCache } from "./token-cache.ts";
import { findTokenRecord, looksPublishable, tokenKind, type TokenKind } from "./tokens.ts";

/**
 * Resolved tokens, kept for 10 s in this isolate: most requests then need no
 * KV read at all. With KV's own cacheTtl this bounds how long a revoked token
 * keeps working (docs/operations.md, "Tokens").
 */
export const TOKEN_CACHE_TTL_MS = 10_000;
/**
 * How much longer this isolate keeps a publishable key it resolved, to use
 * only while KV fails: an organization's page stays up through a KV incident,
 * and a key revoked during one works at most this much longer.
 */
export const PUBLISHABLE_KEY_STALE_MS = 3_600_000;
const tokenCache = createTokenCache({
  maxEntries: 1_000,
  ttlMs: TOKEN_CACHE_TTL_MS,
  staleMs: PUBLISHABLE_KEY_STALE_MS,
});

export type AuthenticatedOrganization = { id: number; publicId: string };
/** The key a request authenticated with, as far as routes need to know it. */
type AuthenticatedKey = {
  id: string;
  kind: TokenKind;
  origins: readonly string[];
  label: string | null;
};
export type AuthVariables = { organization: AuthenticatedOrganization; key: AuthenticatedKey };

const BEARER = /^Bearer +(\S+) *$/i;

/** 401 with the challenge RFC 9110 requires; `error` says why, as RFC 6750 suggests. */
export function unauthorized(c: Parameters<typeof jsonError>[0], error: string, challenge: string) {
  return jsonError(c, 401, error, { headers: { "WWW-Authenticate": challenge } });
}

// Every limiter's period in wrangler.toml [[ratelimits]]: the longest a client must wait.
const RATE_LIMIT_PERIOD_SECONDS = 60;

function tooManyRequests(c: Parameters<typeof jsonError>[0]) {
  return jsonError(c, 429, "Too Many Requests", {
    headers: { "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS) },
  });
}

const PUBLISHABLE_KEY_SCOPE =
  "A publishable key can only read its organization's public directory: the peer supporter roster (GET /api/v2/organizations/:organization_id/peer_supporters), its topics and the hosted pages; use a secret key";

/**
 * `?key=` on any route, authenticated or not: one value, and a publishable
 * key, so a secret key never sits in a URL (logs, history, Referer) and no
 * second value can hide behind the one that is checked.
 */
export const refuseSecretInUrl = createMiddleware(async (c, next) => {
  const keys = c.req.queries("key");
  if (keys !== undefined && keys.length > 1) {
    return jsonError(c, 400, "Give `key` once", {
      details: [{ field: "key", message: "must be given once" }],
    });
  }
  if (keys?.[0] !== undefined && !looksPublishable(keys[0])) {
    return jsonError(c, 400, "`key` takes a publishable key (prt_pk_…) only", {
      details: [
        {
          field: "key",
          message: "must be a publishable key; send secret keys in the Authorization header",
        },
      ],
    });
  }
  await next();
});

type Authentication = {
  /** Whether the route serves publishable keys (the public roster), from `?key=` too. */
  publishable: boolean;
};

/**
 * Resolves the request's key to its organization, or answers 401. Secret
 * keys come in `Authorization: Bearer`; where a route serves publishable
 * keys, the key may also come in `?key=`, which takes publishable keys only,
 * checked by refuseSecretInUrl. A publishable key elsewhere is a 403.
 * Secret keys are rate limited per key, publishable keys per key and client
 * IP (one visitor of a page), failed attempts per client IP.
 */
function authenticate({ publishable }: Authentication) {
  return createMiddleware<{ Bindings: Env; Variables: AuthVariables }>(async (c, next) => {
    // One organization's data must never sit in a shared cache (the public roster opts in).
    c.header("Cache-Control", "private, no-cache");
    const header = c.req.header("Authorization");
    const queryKey = publishable ? c.req.query("key") : undefined;
    if (header !== undefined && queryKey !== undefined) {
      return jsonError(c, 400, "Send the key in the Authorization header or in `key`, not both");
    }
    // A publishable key in `?key=` where only secret keys go is refused as one in the header is:
    // 403, saying why, not a 401 that reads as a wrong key.
    const misplacedKey = publishable ? undefined : c.req.query("key");
    if (header === undefined && misplacedKey !== undefined && looksPublishable(misplacedKey)) {
      return jsonError(c, 403, PUBLISHABLE_KEY_SCOPE);
    }
    const token = header === undefined ? queryKey : BEARER.exec(header)?.[1];
    const record = token ? await findTokenRecord(c.env.TOKENS, token, tokenCache) : null;
    const clientIp = c.req.header("CF-Connecting-IP") ?? "unknown";
    if (!record) {
      const { success } = await c.env.AUTH_FAILURE_RATE_LIMITER.limit({ key: clientIp });
      if (!success) return tooManyRequests(c);
      return token !== undefined || header !== undefined
        ? unauthorized(c, "Unauthorized Access", 'Bearer error="invalid_token"')
        : unauthorized(c, "Unauthorized Access", "Bearer");
    }
    const kind = tokenKind(record);
    if (kind === "publishable" && !publishable) return jsonError(c, 403, PUBLISHABLE_KEY_SCOPE);
    const { success } =
      kind === "publishable"
        ? await c.env.PUBLIC_ROSTER_RATE_LIMITER.limit({ key: `${record.token_id}:${clientIp}` })
        : await c.env.TOKEN_RATE_LIMITER.limit({ key: record.token_id });
    if (!success) return tooManyRequests(c);
    c.set("organization", { id: record.organization_id, publicId: record.organization_public_id });
    c.set("key", {
      id: record.token_id,
      kind,
      origins: record.origins ?? [],
      label: record.label,
    });
    await next();
  });
}

/** Secret keys only: every route but the public roster. */
export const requireSecretKey = authenticate({ publishable: false });
/** Secret or publishable keys: the peer supporter roster, its topics and the hosted pages. */
export const requireRosterKey = authenticate({ publishable: true });
