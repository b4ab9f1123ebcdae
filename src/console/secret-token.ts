import { hexDigest } from "../lib/hex-digest.ts";

/** 32 random bytes: the sign-in link's token and the session id alike. */
const SECRET_BYTES = 32;

/** 43 base64url characters of fresh randomness. */
export function newSecretToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** What D1 keeps of a token: its SHA-256, never the token. */
export const secretTokenHash = (token: string) => hexDigest("SHA-256", token);

/** A token as newSecretToken writes them; anything else is no token at all (no query). */
export const looksLikeSecretToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
