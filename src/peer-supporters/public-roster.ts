import type { Context } from "hono";
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
 * 403 that carries no roster data; it names that origin in the allow header,
 * so the page (the widget) can read why it was refused. A request with no
 * `Origin` (not a browser's cross-origin call) is served without one.
 * Browsers enforce this; anyone else can forge `Origin`, which is why such a
 * key reads public data only.
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
  c.header("Access-Control-Allow-Origin", origin);
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

/**
 * Answers a public roster read from the edge cache, or with `load()` (then
 * stored for PUBLIC_ROSTER_MAX_AGE seconds). Either way the response says
 * which in `Cache-Status` (RFC 9211), and `Age` tells browsers how much of
 * `max-age` is left, so a change shows on a page within max-age seconds.
 */
export async function cachedPublicRoster<E extends { Bindings: Env }>(
  c: Context<E>,
  organizationId: number,
  query: RosterQuery,
  load: () => Promise<unknown>,
): Promise<Response> {
  const maxAge = settings.PUBLIC_ROSTER_MAX_AGE(c.env);
  const key = cacheKey(c.req.url, organizationId, query);
  c.header("Cache-Control", `public, max-age=${maxAge}`);
  c.header("Content-Type", "application/json");

  const cached = await caches.default.match(key);
  if (cached) {
    const storedAt = Date.parse(cached.headers.get("Date") ?? "");
    const age = Number.isNaN(storedAt)
      ? 0
      : Math.max(0, Math.floor((Date.now() - storedAt) / 1000));
    c.header("Age", String(age));
    c.header("ETag", cached.headers.get("ETag") ?? undefined);
    c.header("Cache-Status", `${CACHE_NAME}; hit; ttl=${Math.max(0, maxAge - age)}`);
    return c.body(cached.body as ReadableStream);
  }

  const body = JSON.stringify(await load());
  const etag = await strongETag(body);
  const stored = new Response(body, {
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": `public, max-age=${maxAge}`,
      ETag: etag,
      Date: new Date().toUTCString(),
    },
  });
  c.executionCtx.waitUntil(caches.default.put(key, stored));
  c.header("ETag", etag);
  c.header("Cache-Status", `${CACHE_NAME}; fwd=uri-miss; stored`);
  return c.body(body);
}
