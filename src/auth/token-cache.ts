import type { TokenRecord } from "./tokens.ts";

export type TokenCache = {
  /** The record while it is fresh (the TTL). */
  get(key: string): TokenRecord | undefined;
  /** The record while it is fresh or stale: only for when KV cannot be asked. */
  getStale(key: string): TokenRecord | undefined;
  /** Keeps `record`; past its TTL only if `keepStale` (publishable keys: secret ones go at once). */
  set(key: string, record: TokenRecord, keepStale: boolean): void;
  /** Forgets `key`: KV says it is revoked, so no stale copy may bring it back. */
  delete(key: string): void;
};

/**
 * A small per-isolate cache of resolved tokens, keyed by the token as the
 * request presented it: a hit then needs no hash. The key lives only in this
 * isolate's memory, for the TTL (a publishable key also for the stale window
 * after it), never stored or logged. Bounded, so it
 * cannot grow with traffic: past `maxEntries` the oldest entry goes. Only
 * found tokens are kept, so a new token works at once.
 */
export function createTokenCache({
  maxEntries,
  ttlMs,
  staleMs,
  now = () => Date.now(),
}: {
  maxEntries: number;
  ttlMs: number;
  staleMs: number;
  now?: () => number;
}): TokenCache {
  const entries = new Map<string, { record: TokenRecord; storedAt: number; keptFor: number }>();
  const lookup = (key: string, maxAgeMs: number) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const age = now() - entry.storedAt;
    if (age >= entry.keptFor) entries.delete(key);
    return age < Math.min(maxAgeMs, entry.keptFor) ? entry.record : undefined;
  };
  return {
    get: (key) => lookup(key, ttlMs),
    getStale: (key) => lookup(key, ttlMs + staleMs),
    delete: (key) => {
      entries.delete(key);
    },
    set(key, record, keepStale) {
      entries.delete(key);
      entries.set(key, { record, storedAt: now(), keptFor: keepStale ? ttlMs + staleMs : ttlMs });
      const oldest = entries.keys().next();
      if (entries.size > maxEntries && !oldest.done) entries.delete(oldest.value);
    },
  };
}
