import { lt, or } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { consoleSessions, consoleSignInLinks } from "../../db/schema.ts";
import { isoSeconds } from "../../lib/time.ts";
import { SESSION_IDLE_MINUTES } from "./sessions.ts";

/**
 * The hourly job's clean-up of the console: sign-in links past their
 * expiry and sessions past their lifetime or idle timeout. Either would be
 * refused anyway; this keeps no address longer than it serves.
 */
export async function pruneConsoleSignIns(db: Database, now: Date) {
  const nowIso = isoSeconds(now);
  const idleSince = isoSeconds(new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000));
  await db.batch([
    db.delete(consoleSignInLinks).where(lt(consoleSignInLinks.expiresAt, nowIso)),
    db
      .delete(consoleSessions)
      .where(or(lt(consoleSessions.expiresAt, nowIso), lt(consoleSessions.lastSeenAt, idleSince))),
  ]);
}
