import { and, inArray, isNotNull, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { emails, webhookDeliveries, webhookEvents } from "../db/schema.ts";
import { isoSeconds } from "../lib/time.ts";

/**
 * How many delivery records GET …/deliveries shows, and so how many are kept:
 * webhook attempts per endpoint, emails per organization.
 */
export const DELIVERIES_KEPT = 100;
const EVENTS_KEPT_DAYS = 30;

/**
 * Keeps the outbox tables from growing without end: each endpoint's last
 * DELIVERIES_KEPT delivery attempts and every attempt the stalled-delivery
 * sweep still looks at (`sweepSince`: it must see a delivered one as
 * delivered), events of the last 30 days (older ones were handed to the
 * queue long ago, and their retries have run out), and each organization's
 * last DELIVERIES_KEPT emails, pending ones besides.
 */
export async function pruneOutboxRecords(
  db: Database,
  now: Date,
  sweepSince: string,
): Promise<void> {
  const cutoff = isoSeconds(new Date(now.getTime() - EVENTS_KEPT_DAYS * 86_400_000));
  await db.batch([
    db.delete(webhookDeliveries).where(
      and(
        lt(webhookDeliveries.attemptedAt, sweepSince),
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
    ),
    db
      .delete(webhookEvents)
      .where(and(isNotNull(webhookEvents.enqueuedAt), lt(webhookEvents.createdAt, cutoff))),
    db.delete(emails).where(
      and(
        ne(emails.status, "pending"),
        inArray(
          emails.emailId,
          db
            .select({ emailId: sql<string>`email_id` })
            .from(
              db
                .select({
                  emailId: emails.emailId,
                  rank: sql<number>`row_number() OVER (PARTITION BY ${emails.organizationId} ORDER BY ${emails.createdAt} DESC, ${emails.emailId} DESC)`.as(
                    "rank",
                  ),
                })
                .from(emails)
                .as("ranked"),
            )
            .where(sql`rank > ${DELIVERIES_KEPT}`),
        ),
      ),
    ),
  ]);
}
