import { and, eq, gt } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { consoleSessions } from "../../db/schema.ts";
import { isoSeconds } from "../../lib/time.ts";
import { looksLikeSecretToken, newSecretToken, secretTokenHash } from "../secret-token.ts";

/** A session unused this long ends: a browser left open in the office signs itself out. */
export const SESSION_IDLE_MINUTES = 60;
/** However busy, a session ends this long after sign-in: one working day. */
export const SESSION_LIFETIME_HOURS = 12;
/** last_seen_at is written at most this often, not on every page. */
const TOUCH_EVERY_MS = 60_000;

const MINUTE_MS = 60_000;

/** Starts a session of `email`; the cookie gets the id, D1 its hash. */
export async function startSession(db: Database, email: string, now = new Date()) {
  const id = newSecretToken();
  const nowIso = isoSeconds(now);
  await db.insert(consoleSessions).values({
    idHash: await secretTokenHash(id),
    email,
    createdAt: nowIso,
    lastSeenAt: nowIso,
    expiresAt: isoSeconds(new Date(now.getTime() + SESSION_LIFETIME_HOURS * 60 * MINUTE_MS)),
  });
  return id;
}

/**
 * The address of a live session (not idle too long, within its lifetime),
 * marking it seen; a session found dead is deleted. Undefined for no session.
 */
export async function resumeSession(
  db: Database,
  id: string,
  now = new Date(),
): Promise<string | undefined> {
  if (!looksLikeSecretToken(id)) return undefined;
  const idHash = await secretTokenHash(id);
  const nowIso = isoSeconds(now);
  const [session] = await db
    .select()
    .from(consoleSessions)
    .where(and(eq(consoleSessions.idHash, idHash), gt(consoleSessions.expiresAt, nowIso)));
  const idleSince = isoSeconds(new Date(now.getTime() - SESSION_IDLE_MINUTES * MINUTE_MS));
  if (!session || session.lastSeenAt <= idleSince) {
    await endSession(db, id);
    return undefined;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    await db
      .update(consoleSessions)
      .set({ lastSeenAt: nowIso })
      .where(eq(consoleSessions.idHash, idHash));
  }
  return session.email;
}

/** Ends the session on the server: the cookie alone opens nothing afterwards. */
export async function endSession(db: Database, id: string) {
  if (!looksLikeSecretToken(id)) return;
  await db.delete(consoleSessions).where(eq(consoleSessions.idHash, await secretTokenHash(id)));
}
