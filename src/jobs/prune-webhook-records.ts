import { and, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { webhookDeliveries, webhookEvents } from "../db/schema.ts";
import { isoSeconds } from "../time.ts";

/** How many delivery attempts GET …/deliveries shows, and so how many are kept per endpoint. */
export const DELIVERIES_KEPT = 100;
const EVENTS_KEPT_DAYS = 30;

/**
 * Keeps the webhook tables from growing without end: each endpoint's last
 * 100 delivery attempts, and events of the last 30 days (older ones were
 * handed to the queue long ago, and their retries have run out).
 */
export async function pruneWebhookRecords(db: Database, now: Date): Promise<void> {
  const cutoff = isoSeconds(new Date(now.getTime() - EVENTS_KEPT_DAYS * 86_400_000));
  await db.batch([
    db.delete(webhookDeliveries).where(
      inArray(
        webhookDeliveries.id,
        db
          .select({ id: sql<number>`id` })
          .from(
            db
              .select({
                id: webhookDeliveries.id,
                rank: sql<number>`row_number() OVER (PARTITION BY ${webhookDeliveries.webhookId} ORDER BY ${webhookDeliveries.id} DESC)`.as(
                  "rank",
                ),
              })
              .from(webhookDeliveries)
              .as("ranked"),
          )
          .where(sql`rank > ${DELIVERIES_KEPT}`),
      ),
    ),
    db
      .delete(webhookEvents)
      .where(and(isNotNull(webhookEvents.enqueuedAt), lt(webhookEvents.createdAt, cutoff))),
  ]);
}
