import { randomId } from "../random-id.ts";
import { isoSeconds } from "../time.ts";
import type { TokenCache } from "./token-cache.ts";

/*
 * Bearer tokens: "prt_" + 43 base64url characters (32 bytes = 256 random
 * bits). KV holds only the token's SHA-256: the key is v1:token:<hex digest>,
 * and the value (also the key's metadata, so `list` needs no extra reads)
 * carries what a request needs, so authenticating is one KV read and no D1
 * query.
 */

const TOKEN_PREFIX = "prt_";
const TOKEN_PATTERN = /^prt_[A-Za-z0-9_-]{43}$/;
const TOKEN_RANDOM_BYTES = 32;
const KEY_PREFIX = "v1:token:";
export const MAX_LABEL_LENGTH = 100;

export type TokenRecord = {
  token_id: string;
  organization_id: number;
  organization_public_id: string;
  label: string | null;
  created_at: string;
};

export type TokenOrganization = { id: number; publicId: string };

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function generateToken(): string {
  return TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(TOKEN_RANDOM_BYTES)));
}

function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

async function tokenKey(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return KEY_PREFIX + hex;
}

/** Creates and stores a token; the returned `token` is the only copy of it anywhere. */
export async function createToken(
  kv: KVNamespace,
  organization: TokenOrganization,
  label: string | null,
): Promise<{ token: string; record: TokenRecord }> {
  if (label !== null && label.length > MAX_LABEL_LENGTH) {
    throw new RangeError(`label is longer than ${MAX_LABEL_LENGTH} characters`);
  }
  const token = generateToken();
  const record: TokenRecord = {
    token_id: randomId("tok_", 16),
    organization_id: organization.id,
    organization_public_id: organization.publicId,
    label,
    created_at: isoSeconds(new Date()),
  };
  await kv.put(await tokenKey(token), JSON.stringify(record), { metadata: record });
  return { token, record };
}

/**
 * How long a Cloudflare location may serve a token's KV entry from its own
 * cache (KV's `cacheTtl`): part of how long a revoked token can still work.
 */
const KV_CACHE_TTL_SECONDS = 60;

/** The record a token resolves to, or null for a malformed, unknown or revoked token. */
export async function findTokenRecord(
  kv: KVNamespace,
  token: string,
  cache?: TokenCache,
): Promise<TokenRecord | null> {
  if (!isWellFormedToken(token)) return null;
  const key = await tokenKey(token);
  const cached = cache?.get(key);
  if (cached) return cached;
  const record = await kv.get<TokenRecord>(key, { type: "json", cacheTtl: KV_CACHE_TTL_SECONDS });
  if (record) cache?.set(key, record);
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
