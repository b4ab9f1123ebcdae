/*
 * The public reads this isolate answered last, kept in its memory beside the
 * edge cache (edge-cache.ts). A visitor's request is most often one another
 * visitor of the same page made seconds before, and the Cache API answers it
 * through a call out of the isolate, then a copy of the body: in memory, the
 * same copy costs a Map lookup. A hot copy is a copy the edge cache answered
 * with (the same body, ETag and `Date`), kept only once it did, and answered
 * only while it is fresh, so it shows nothing the edge cache would not; past
 * max-age it is dropped, and the edge cache, with its stale-if-error, decides
 * as before. Where the Cache API keeps nothing (*.workers.dev), neither does
 * this.
 */

/** One public read as the edge cache stored it: its body, its ETag, and when it was stored. */
export type HotCopy = {
  body: string;
  etag: string;
  /** The edge cache copy's `Date`, in epoch ms (whole seconds, as the header holds it). */
  storedAt: number;
  /** The body parsed, once, for readers that need the value (the hosted pages). */
  parsed?: unknown;
};

/**
 * How many copies an isolate keeps, and how much text in all: a few hundred
 * organizations' first pages in a few megabytes of an isolate's 128 MB. Past
 * either, the oldest copy goes.
 */
export const MAX_COPIES = 1_000;
export const MAX_TOTAL_CHARACTERS = 8 * 1024 * 1024;

const copies = new Map<string, HotCopy>();
let totalCharacters = 0;

function forget(key: string) {
  const copy = copies.get(key);
  if (!copy) return;
  copies.delete(key);
  totalCharacters -= copy.body.length;
}

/** Seconds since the copy was stored, as a cache computes `Age` from its `Date`. */
export const ageOf = (storedAt: number, now = Date.now()) =>
  Math.max(0, Math.floor((now - storedAt) / 1000));

/** The copy under `key` while it is fresh (younger than `maxAgeSeconds`), with its age. */
export function freshHotCopy(key: string, maxAgeSeconds: number) {
  const copy = copies.get(key);
  if (!copy) return undefined;
  const age = ageOf(copy.storedAt);
  if (age >= maxAgeSeconds) {
    forget(key);
    return undefined;
  }
  return { copy, age };
}

/** Keeps `copy` under `key` (a body larger than the whole allowance is not kept). */
export function keepHotCopy(key: string, copy: HotCopy) {
  forget(key);
  if (copy.body.length > MAX_TOTAL_CHARACTERS) return;
  copies.set(key, copy);
  totalCharacters += copy.body.length;
  for (const oldest of copies.keys()) {
    if (copies.size <= MAX_COPIES && totalCharacters <= MAX_TOTAL_CHARACTERS) break;
    forget(oldest);
  }
}
