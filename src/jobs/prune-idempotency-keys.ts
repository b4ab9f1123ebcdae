import { lt } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { KEY_LIFETIME_MS } from "../db/idempotency-keys.ts";
import { idempotencyKeys } from "../db/schema.ts";
import { isoSeconds } from "../lib/time.ts";

/**
 * Idempotency keys answer for IDEMPOTENCY_KEY_HOURS (src/db/idempotency-keys.ts);
 * then they and their stored responses (a mentor's name, a webhook secret)
 * go, at most one cron interval late.
 */
export async function pruneIdempotencyKeys(db: Database, now: Date): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, isoSeconds(new Date(now.getTime() - KEY_LIFETIME_MS))));
}
