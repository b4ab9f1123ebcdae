import { hexDigest } from "../lib/hex-digest.ts";
import { randomId } from "../lib/random-id.ts";
import { isoSeconds } from "../lib/time.ts";
import { DependencyUnavailableError } from "../db/unavailable.ts";
import type { TokenCache } from "./token-cache.ts";

/*
 * Tokens of two kinds, each a prefix + 43 base64url characters (32 bytes =
 * 256 random bits): secret keys "prt_…" can do everything for their
 * organization; publishable keys "prt_pk_…" only read its public roster, so
 * they may sit in a web page. KV holds only the token's SHA-256: the key is
 * v1:token:<hex digest>, and the value (also the key's metadata, so `list`
 * needs no extra reads) carries what a request needs, so authenticating is
 * one KV read and no D1 query.
 */

const TOKEN_PREFIXES = { secret: "prt_", publishable: "prt_pk_" } as const;
const TOKEN_PATTERN = /^prt_(pk_)?[A-Za-z0-9_-]{43}$/;
const TOKEN_RANDOM_BYTES = 32;
const KEY_PREFIX = "v1:token:";
export const MAX_LABEL_LENGTH = 100;
export const MAX_ORIGINS = 10;
// KV's limit on a key's metadata, which holds the whole record.
const MAX_METADATA_BYTES = 1024;

export type TokenKind = keyof typeof TOKEN_PREFIXES;

export type TokenRecord = {
  token_id: string;
  organization_id: number;
  organization_public_id: string;
  label: string | null;
  created_at: string;
  /** Absent on tokens made before publishable keys existed: those are secret. */
  kind?: TokenKind;
  /** Publishable keys: the browser origins allowed to use it; empty allows any. */
  origins?: string[];
  /**
   * Publishable keys made since the console: the key itself, which is public
   * (it sits in web pages), so the console can show it and its snippet again.
   */
  publishable_key?: string;
};

export const tokenKind = (record: TokenRecord): TokenKind => record.kind ?? "secret";

export type TokenOrganization = { id: number; publicId: string };

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function generateToken(kind: TokenKind = "secret"): string {
  return (
    TOKEN_PREFIXES[kind] + base64url(crypto.getRandomValues(new Uint8Array(TOKEN_RANDOM_BYTES)))
  );
}

function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** Whether a token is written as a publishable key; says nothing of whether it exists. */
export const looksPublishable = (token: string) => token.startsWith(TOKEN_PREFIXES.publishable);

/**
 * "https://www.example.org" from what a person types as a site's origin
 * ("https://www.example.org/" too); a path, query, credentials or a scheme
 * other than http(s) is a RangeError, since a browser never sends those in
 * `Origin`.
 */
export function normalizeOrigin(input: string): string {
  const url = URL.parse(input.trim());
  const bare =
    url !== null &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    url.pathname === "/" &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password;
  if (!bare) throw new RangeError(`${input} is not an origin like https://www.example.org`);
  return url.origin;
}

async function tokenKey(token: string): Promise<string> {
  return KEY_PREFIX + (await hexDigest("SHA-256", token));
}

export type TokenOptions = { kind?: TokenKind; origins?: readonly string[] };

/**
 * Creates and stores a token; for a secret key, the returned `token` is the
 * only copy of it anywhere. Origins are for publishable keys only, normalized as
 * `normalizeOrigin` does.
 */
export async function createToken(
  kv: KVNamespace,
  organization: TokenOrganization,
  label: string | null,
  { kind = "secret", origins = [] }: TokenOptions = {},
): Promise<{ token: string; record: TokenRecord }> {
  if (label !== null && label.length > MAX_LABEL_LENGTH) {
    throw new RangeError(`label is longer than ${MAX_LABEL_LENGTH} characters`);
  }
  if (kind === "secret" && origins.length > 0) {
    throw new RangeError("origins are for publishable keys only");
  }
  if (origins.length > MAX_ORIGINS) {
    throw new RangeError(`a key takes at most ${MAX_ORIGINS} origins`);
  }
  const token = generateToken(kind);
  const record: TokenRecord = {
    token_id: randomId("tok_", 16),
    organization_id: organization.id,
    organization_public_id: organization.publicId,
    label,
    created_at: isoSeconds(new Date()),
    kind,
    ...(kind === "publishable"
      ? { origins: [...new Set(origins.map(normalizeOrigin))], publishable_key: token }
      : {}),
  };
  if (new TextEncoder().encode(JSON.stringify(record)).length > MAX_METADATA_BYTES) {
    throw new RangeError("the label and origins are too long to store with the key");
  }
  await kv.put(await tokenKey(token), JSON.stringify(record), { metadata: record });
  return { token, record };
}

/**
 * How long a Cloudflare location may serve a token's KV entry from its own
 * cache (KV's `cacheTtl`): part of how long a revoked token can still work.
 */
const KV_CACHE_TTL_SECONDS = 60;

/**
 * The record a token resolves to, or null for a malformed, unknown or revoked
 * token. When KV fails, a publishable key this isolate resolved within the
 * cache's stale window still resolves (it reads only public data); any other
 * token is a DependencyUnavailableError (a 503, never a 401: the key may be
 * good).
 */
export async function findTokenRecord(
  kv: KVNamespace,
  token: string,
  cache?: TokenCache,
): Promise<TokenRecord | null> {
  if (!isWellFormedToken(token)) return null;
  // The cache is looked up by the token itself, so a cached token costs no SHA-256 (docs/performance.md).
  const cached = cache?.get(token);
  if (cached) return cached;
  let record: TokenRecord | null;
  try {
    record = await kv.get<TokenRecord>(await tokenKey(token), {
      type: "json",
      cacheTtl: KV_CACHE_TTL_SECONDS,
    });
  } catch (error) {
    const stale = looksPublishable(token) ? cache?.getStale(token) : undefined;
    if (stale) return stale;
    throw new DependencyUnavailableError("KV", { cause: error });
  }
  if (record) cache?.set(token, record, looksPublishable(token));
  else cache?.delete(token);
  return record;
}

async function* allTokenKeys(kv: KVNamespace) {
  let cursor: string | undefined;
  do {
    const page = await kv.list<TokenRecord>({ prefix: KEY_PREFIX, cursor });
    yield* page.keys;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}

/** The organization's tokens, oldest first. */
export async function listTokens(kv: KVNamespace, organizationId: number): Promise<TokenRecord[]> {
  const records: TokenRecord[] = [];
  for await (const key of allTokenKeys(kv)) {
    if (key.metadata?.organization_id === organizationId) records.push(key.metadata);
  }
  return records.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** Deletes the token with this public id; returns its record, or null when there is none. */
export async function revokeToken(kv: KVNamespace, tokenId: string): Promise<TokenRecord | null> {
  for await (const key of allTokenKeys(kv)) {
    if (key.metadata?.token_id === tokenId) {
      await kv.delete(key.name);
      return key.metadata;
    }
  }
  return null;
}
