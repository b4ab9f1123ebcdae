import { and, eq, gt, isNull, lt, or, isNotNull } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { consoleSignInLinks } from "../../db/schema.ts";
import { isoSeconds } from "../../lib/time.ts";
import { looksLikeSecretToken, newSecretToken, secretTokenHash } from "../secret-token.ts";

/** How long an emailed sign-in link works, once. */
export const SIGN_IN_LINK_MINUTES = 15;

/**
 * A new sign-in link's token for `email`; D1 keeps its hash only. Links of
 * this address that are used or expired go in the same batch.
 */
export async function createSignInLink(db: Database, email: string, now = new Date()) {
  const token = newSecretToken();
  const nowIso = isoSeconds(now);
  await db.batch([
    db
      .delete(consoleSignInLinks)
      .where(
        and(
          eq(consoleSignInLinks.email, email),
          or(isNotNull(consoleSignInLinks.consumedAt), lt(consoleSignInLinks.expiresAt, nowIso)),
        ),
      ),
    db.insert(consoleSignInLinks).values({
      tokenHash: await secretTokenHash(token),
      email,
      createdAt: nowIso,
      expiresAt: isoSeconds(new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000)),
    }),
  ]);
  return token;
}

export type LinkState = "usable" | "used_or_expired";

/** Whether the link would still sign in, without using it (the page a GET shows). */
export async function signInLinkState(db: Database, token: string, now = new Date()) {
  if (!looksLikeSecretToken(token)) return "used_or_expired";
  const [link] = await db
    .select({ email: consoleSignInLinks.email })
    .from(consoleSignInLinks)
    .where(usable(await secretTokenHash(token), isoSeconds(now)));
  return link ? "usable" : "used_or_expired";
}

const usable = (tokenHash: string, nowIso: string) =>
  and(
    eq(consoleSignInLinks.tokenHash, tokenHash),
    isNull(consoleSignInLinks.consumedAt),
    gt(consoleSignInLinks.expiresAt, nowIso),
  );

/**
 * Uses the link: one conditional UPDATE, so of two requests with the same
 * token exactly one gets the address. Undefined when used, expired or unknown.
 */
export async function consumeSignInLink(
  db: Database,
  token: string,
  now = new Date(),
): Promise<string | undefined> {
  if (!looksLikeSecretToken(token)) return undefined;
  const nowIso = isoSeconds(now);
  const [link] = await db
    .update(consoleSignInLinks)
    .set({ consumedAt: nowIso })
    .where(usable(await secretTokenHash(token), nowIso))
    .returning({ email: consoleSignInLinks.email });
  return link?.email;
}
