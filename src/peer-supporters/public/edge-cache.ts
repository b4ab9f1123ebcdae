import type { Context } from "hono";
import type { AuthVariables } from "../../auth/middleware.ts";
import { unavailableDependency } from "../../db/unavailable.ts";
import { jsonError } from "../../http/errors.ts";
import { strongETag } from "../../http/etag.ts";
import { foldForSearch } from "../../lib/fold.ts";
import { settings } from "../../settings.ts";
import type { RosterQuery } from "../roster/schemas.ts";
import { ageOf, freshHotCopy, keepHotCopy, type HotCopy } from "./hot-copies.ts";
import { rosterChangedAt } from "./roster-changes.ts";

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

/** The roster's cache key: its URL with the parameters normalized, never the key itself. */
export function rosterCacheKey(requestUrl: string, organizationId: number, query: RosterQuery) {
  const url = new URL(`/api/v2/organizations/${organizationId}/peer_supporters`, requestUrl);
  const params = new URLSearchParams({ items: String(query.items), page: String(query.page) });
  // Search matches folded text, so terms that fold alike share one entry.
  if (query.search !== undefined) params.set("q", foldForSearch(query.search));
  // Topics arrive folded, deduplicated and sorted: order and case do not split the cache.
  for (const topic of query.filters.topics) params.append("topic", topic);
  if (query.filters.available) params.set("available", "true");
  url.search = params.toString();
  return url.href;
}

/** The topics route's cache key: its URL without the key. */
export function topicsCacheKey(requestUrl: string, organizationId: number) {
  return new URL(`/api/v2/organizations/${organizationId}/topics`, requestUrl).href;
}

/**
 * One public read as the edge cache holds it: the JSON body, and whether it
 * came from the cache; `copy` is the isolate's copy of it (hot-copies.ts),
 * when it keeps one.
 */
export type CachedRead = {
  body: string;
  etag: string;
  cacheStatus: string;
  age?: number;
  copy?: HotCopy;
};

/** A hit: `copy`, `age` seconds old, of a cache whose copies are fresh for `maxAge` seconds. */
const hit = (copy: HotCopy, age: number, maxAge: number, detail = ""): CachedRead => ({
  body: copy.body,
  etag: copy.etag,
  cacheStatus: `${CACHE_NAME}; hit; ttl=${String(maxAge - age)}${detail}`,
  age,
  copy,
});

/** When the cached copy's load began (epoch ms): what roster-changes.ts compares. */
const LOADED_AT = "Loaded-At";

type PublicReadEnv = { Bindings: Env; Variables: Pick<AuthVariables, "organization"> };

/**
 * Whether a stale copy may still be answered: it was loaded after the
 * organization's roster last changed (roster-changes.ts). KV failing too
 * answers no, so only a copy known to be current outlives its max-age.
 */
async function stillCurrent(env: Env, organizationId: number, copy: Response): Promise<boolean> {
  const loadedAt = Number(copy.headers.get(LOADED_AT));
  try {
    const changedAt = await rosterChangedAt(env.TOKENS, organizationId);
    return Number.isFinite(loadedAt) && loadedAt > changedAt;
  } catch {
    return false;
  }
}

/**
 * The JSON body under `key` in the edge cache while it is fresh
 * (PUBLIC_ROSTER_MAX_AGE), from this isolate's own copy of it when it has one
 * (hot-copies.ts), else `load()`'s, then stored after the response is sent.
 * A copy is kept PUBLIC_ROSTER_STALE_SECONDS past its max-age: when
 * `load()` finds the database unavailable, that last good copy is answered
 * (RFC 5861 stale-if-error) rather than a 503, if nothing on the roster
 * changed since it was loaded (stillCurrent), so an organization's page stays
 * up through a database incident and shows nothing it removed; a negative
 * ttl in its Cache-Status marks it stale.
 */
export async function readThroughCache<E extends PublicReadEnv>(
  c: Context<E>,
  key: string,
  load: () => Promise<unknown>,
): Promise<CachedRead> {
  const maxAge = settings.PUBLIC_ROSTER_MAX_AGE(c.env);
  const hot = freshHotCopy(key, maxAge);
  if (hot) return hit(hot.copy, hot.age, maxAge);
  const cached = await caches.default.match(key);
  const storedAt = Date.parse(cached?.headers.get("Date") ?? "");
  const age = cached && !Number.isNaN(storedAt) ? ageOf(storedAt) : 0;
  const copyOf = async (response: Response): Promise<HotCopy> => ({
    body: await response.text(),
    etag: response.headers.get("ETag") ?? "",
    storedAt,
  });
  if (cached && age < maxAge) {
    const copy = await copyOf(cached);
    if (!Number.isNaN(storedAt)) keepHotCopy(key, copy);
    return hit(copy, age, maxAge);
  }
  const loadStartedAt = Date.now();
  let body: string;
  try {
    body = JSON.stringify(await load());
  } catch (error) {
    if (
      cached &&
      unavailableDependency(error) &&
      (await stillCurrent(c.env, (c.var as PublicReadEnv["Variables"]).organization.id, cached))
    ) {
      return hit(await copyOf(cached), age, maxAge, "; detail=stale-if-error");
    }
    throw error;
  }
  const etag = await strongETag(body);
  const date = new Date().toUTCString();
  const stored = new Response(body, {
    headers: {
      "Content-Type": "application/json",
      // The edge keeps it for the stale window too; freshness is judged by `Date` above.
      "Cache-Control": `public, max-age=${maxAge + settings.PUBLIC_ROSTER_STALE_SECONDS(c.env)}`,
      ETag: etag,
      Date: date,
      [LOADED_AT]: String(loadStartedAt),
    },
  });
  c.executionCtx.waitUntil(caches.default.put(key, stored));
  // Not kept in memory until the edge cache answers with it: where the Cache API stores
  // nothing (*.workers.dev), every read stays a miss, as it was.
  const copy = { body, etag, storedAt: Date.parse(date) };
  const forwarded = cached ? "stale" : "uri-miss";
  return { body, etag, cacheStatus: `${CACHE_NAME}; fwd=${forwarded}; stored`, copy };
}

/**
 * The headers every public read carries, the edge cache's state among them.
 * No stale-if-error: a browser or shared cache cannot ask whether the roster
 * changed since, so it keeps nothing past max-age; the edge (above) can.
 */
export function setPublicCacheHeaders<E extends { Bindings: Env }>(
  c: Context<E>,
  read: CachedRead,
) {
  c.header("Cache-Control", `public, max-age=${settings.PUBLIC_ROSTER_MAX_AGE(c.env)}`);
  if (read.age !== undefined) c.header("Age", String(read.age));
  c.header("Cache-Status", read.cacheStatus);
}

/**
 * Answers a public JSON read from the edge cache, or with `load()`. Either
 * way the response says which in `Cache-Status` (RFC 9211), and `Age` tells
 * browsers how much of `max-age` is left, so a change shows on a page within
 * max-age seconds.
 */
export async function cachedPublicJson<E extends PublicReadEnv>(
  c: Context<E>,
  key: string,
  load: () => Promise<unknown>,
): Promise<Response> {
  const read = await readThroughCache(c, key, load);
  setPublicCacheHeaders(c, read);
  c.header("Content-Type", "application/json");
  if (read.etag) c.header("ETag", read.etag);
  return c.body(read.body);
}
