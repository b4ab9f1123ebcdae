import type { TokenRecord } from "./tokens.ts";

export type TokenCache = {
  get(key: string): TokenRecord | undefined;
  set(key: string, record: TokenRecord): void;
};

/**
 * A small per-isolate cache of resolved tokens, keyed by the token as the
 * request presented it: a hit then needs no hash. The key lives only in this
 * isolate's memory, for the TTL, as long as a request holding it would; it is
 * never stored or logged. Bounded, so it cannot grow with traffic: past
 * `maxEntries` the oldest entry goes. Only found tokens are kept, so a new
 * token works at once.
 */
export function createTokenCache({
  maxEntries,
  ttlMs,
}: {
  maxEntries: number;
  ttlMs: number;
}): TokenCache {
  const entries = new Map<string, { record: TokenRecord; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.record;
    },
    set(key, record) {
      entries.delete(key);
      entries.set(key, { record, expiresAt: Date.now() + ttlMs });
      const oldest = entries.keys().next();
      if (entries.size > maxEntries && !oldest.done) entries.delete(oldest.value);
    },
  };
}
