import type { Context } from "hono";
import { unavailableDependency } from "../db/unavailable.ts";
import { jsonError } from "../http/errors.ts";
import { strongETag } from "../http/etag.ts";
import { foldForSearch } from "../search/fold.ts";
import { settings } from "../settings.ts";
import type { RosterQuery } from "./schemas.ts";

/*
 * The public roster: what a publishable key reads, on organizations' own web
 * pages. Every visitor asks for the same few pages, so a read is kept in the
 * Workers Cache API of the Cloudflare location that served it, and a repeat
 * costs no D1 query.
 */

/** RFC 9211 names the cache that reports in Cache-Status. */
const CACHE_NAME = "peer-roster";

/**
 * Applies a publishable key's origin list to this request. No list allows
 * any site (`*`). With a list, a listed `Origin` is echoed and any other is a
 * 403 without an allow header; a request with no `Origin` (not a browser's
 * cross-origin call) is served without one. Browsers enforce this; anyone
 * else can forge `Origin`, which is why such a key reads public data only.
 */
export function applyKeyOrigins(c: Context, origins: readonly string[]) {
  if (origins.length === 0) {
    c.header("Access-Control-Allow-Origin", "*");
    return undefined;
  }
  c.header("Vary", "Origin");
  const origin = c.req.header("Origin");
  if (origin !== undefined && origins.includes(origin)) {
    c.header("Access-Control-Allow-Origin", origin);
    return undefined;
  }
  // Drop whatever the service-wide CORS_ORIGINS allowed: the key's list decides.
  c.header("Access-Control-Allow-Origin", undefined);
  if (origin === undefined) return undefined;
  return jsonError(
    c,
    403,
    "This key may not be used from this website: its origin is not on the key's list",
  );
}

/** The cache key: the roster's URL with its parameters normalized, never the key itself. */
function cacheKey(requestUrl: string, organizationId: number, query: RosterQuery): string {
  const url = new URL(`/api/v2/organizations/${organizationId}/peer_supporters`, requestUrl);
  const params = new URLSearchParams({ items: String(query.items), page: String(query.page) });
  // Search matches folded text, so terms that fold alike share one entry.
  if (query.search !== undefined) params.set("q", foldForSearch(query.search));
  url.search = params.toString();
  return url.href;
}

/** Seconds since the cached response was stored (its own `Date`). */
function ageOf(cached: Response): number {
  const storedAt = Date.parse(cached.headers.get("Date") ?? "");
  return Number.isNaN(storedAt) ? 0 : Math.max(0, Math.floor((Date.now() - storedAt) / 1000));
}

/**
 * Answers a public roster read from the edge cache while it is fresh
 * (PUBLIC_ROSTER_MAX_AGE), else with `load()`, then stored. A copy is kept
 * PUBLIC_ROSTER_STALE_SECONDS past its max-age: when `load()` finds the
 * database unavailable, that last good copy is served (RFC 5861
 * stale-if-error) rather than a 503, so an organization's page stays up
 * through a database incident. `Cache-Status` (RFC 9211) says which it was,
 * a negative ttl marking a stale copy; `Age` tells browsers how much of
 * max-age is left, so a change shows on a page within max-age seconds.
 */
export async function cachedPublicRoster<E extends { Bindings: Env }>(
  c: Context<E>,
  organizationId: number,
  query: RosterQuery,
  load: () => Promise<unknown>,
): Promise<Response> {
  const maxAge = settings.PUBLIC_ROSTER_MAX_AGE(c.env);
  const staleSeconds = settings.PUBLIC_ROSTER_STALE_SECONDS(c.env);
  const key = cacheKey(c.req.url, organizationId, query);
  c.header("Cache-Control", `public, max-age=${maxAge}, stale-if-error=${staleSeconds}`);
  c.header("Content-Type", "application/json");

  const cached = await caches.default.match(key);
  const age = cached ? ageOf(cached) : 0;
  const serveCached = (cachedResponse: Response, detail: string) => {
    c.header("Age", String(age));
    c.header("ETag", cachedResponse.headers.get("ETag") ?? undefined);
    c.header("Cache-Status", `${CACHE_NAME}; hit; ttl=${maxAge - age}${detail}`);
    return c.body(cachedResponse.body as ReadableStream);
  };
  if (cached && age < maxAge) return serveCached(cached, "");

  let body: string;
  try {
    body = JSON.stringify(await load());
  } catch (error) {
    if (cached && unavailableDependency(error)) {
      return serveCached(cached, "; detail=stale-if-error");
    }
    throw error;
  }
  const etag = await strongETag(body);
  const stored = new Response(body, {
    headers: {
      "Content-Type": "application/json",
      // The edge keeps it for the stale window too; freshness is judged by `Date` above.
      "Cache-Control": `public, max-age=${maxAge + staleSeconds}`,
      ETag: etag,
      Date: new Date().toUTCString(),
    },
  });
  c.executionCtx.waitUntil(caches.default.put(key, stored));
  c.header("ETag", etag);
  c.header("Cache-Status", `${CACHE_NAME}; fwd=${cached ? "stale" : "uri-miss"}; stored`);
  return c.body(body);
}
