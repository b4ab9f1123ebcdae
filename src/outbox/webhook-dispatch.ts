import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { webhookEndpoints, webhookEvents } from "../db/schema.ts";
import {
  chunks,
  IDS_PER_STATEMENT,
  logEnqueueFailure,
  MESSAGES_PER_SEND,
  strandedIds,
} from "./enqueue.ts";
import { isoSeconds } from "../lib/time.ts";

/** One queue message: one event for one endpoint, so each endpoint retries on its own. */
export type DeliveryMessage = {
  event_id: string;
  webhook_id: string;
  /** Attempts before this message: set when the cron's sweep sends a delivery again, so its attempts count on. */
  attempts_before?: number;
};

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
    logEnqueueFailure("webhook_enqueue_failed", { events: eventIds.length }, error);
  }
}

/** Looks up the events' targets, then enqueues them (the cron's way; writes batch the lookup). */
export async function dispatchEvents(
  db: Database,
  queue: Queue<DeliveryMessage>,
  eventIds: readonly string[],
  now = new Date(),
): Promise<void> {
  for (const ids of chunks(eventIds, IDS_PER_STATEMENT)) {
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
  const stranded = await strandedIds(
    db,
    webhookEvents,
    {
      id: webhookEvents.eventId,
      enqueuedAt: webhookEvents.enqueuedAt,
      createdAt: webhookEvents.createdAt,
    },
    now,
  );
  await dispatchEvents(db, queue, stranded, now);
  return stranded.length;
}
