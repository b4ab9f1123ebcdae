import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { webhookEndpoints, webhookEvents } from "../db/schema.ts";
import { rootCause } from "../http/errors.ts";
import { isoSeconds } from "../time.ts";

/** One queue message: one event for one endpoint, so each endpoint retries on its own. */
export type DeliveryMessage = { event_id: string; webhook_id: string };

// Queues' limit per sendBatch call.
const MESSAGES_PER_SEND = 100;
// D1's limit on bound parameters, less room for the statement's own.
const EVENTS_PER_STATEMENT = 90;
/** An event this old and still not on the queue was left behind by a failed enqueue. */
const STRANDED_AFTER_MS = 5 * 60_000;

/** `items` in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** The (event, endpoint) pairs of `eventIds`: each subscribed endpoint of the event's organization. */
export function deliveryTargets(db: Database, eventIds: readonly string[]) {
  return db
    .select({ event_id: webhookEvents.eventId, webhook_id: webhookEndpoints.webhookId })
    .from(webhookEvents)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.organizationId, webhookEvents.organizationId),
        sql`${webhookEvents.type} IN (SELECT value FROM json_each(${webhookEndpoints.events}))`,
      ),
    )
    .where(inArray(webhookEvents.eventId, eventIds));
}

/**
 * Puts committed events on the queue, one message per target, then marks
 * them enqueued. An event whose enqueue fails keeps `enqueued_at` null; the
 * cron hands it on later (`dispatchStrandedEvents`). A receiver may so see
 * an event twice, never not at all: Standard Webhooks receivers deduplicate
 * by `webhook-id`.
 */
export async function enqueueDeliveries(
  db: Database,
  queue: Queue<DeliveryMessage>,
  { eventIds, targets }: { eventIds: readonly string[]; targets: readonly DeliveryMessage[] },
  now = new Date(),
): Promise<void> {
  if (eventIds.length === 0) return;
  try {
    for (const batch of chunks(targets, MESSAGES_PER_SEND)) {
      await queue.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
    }
    await db
      .update(webhookEvents)
      .set({ enqueuedAt: isoSeconds(now) })
      .where(inArray(webhookEvents.eventId, eventIds));
  } catch (error) {
    // Counts only: the cron hands these events on later.
    const cause = rootCause(error);
    console.error(
      JSON.stringify({
        level: "error",
        event: "webhook_enqueue_failed",
        events: eventIds.length,
        error: cause instanceof Error ? cause.message : String(cause),
      }),
    );
  }
}

/** Looks up the events' targets, then enqueues them (the cron's way; writes batch the lookup). */
export async function dispatchEvents(
  db: Database,
  queue: Queue<DeliveryMessage>,
  eventIds: readonly string[],
  now = new Date(),
): Promise<void> {
  for (const ids of chunks(eventIds, EVENTS_PER_STATEMENT)) {
    const targets = await deliveryTargets(db, ids);
    await enqueueDeliveries(db, queue, { eventIds: ids, targets }, now);
  }
}

/** Hands on the events a failed enqueue left behind; returns how many it found. */
export async function dispatchStrandedEvents(
  db: Database,
  queue: Queue<DeliveryMessage>,
  now: Date,
): Promise<number> {
  const stranded = await db
    .select({ eventId: webhookEvents.eventId })
    .from(webhookEvents)
    .where(
      and(
        isNull(webhookEvents.enqueuedAt),
        lt(webhookEvents.createdAt, isoSeconds(new Date(now.getTime() - STRANDED_AFTER_MS))),
      ),
    )
    .limit(1_000);
  await dispatchEvents(
    db,
    queue,
    stranded.map((event) => event.eventId),
    now,
  );
  return stranded.length;
}
