import { and, count, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../db/client.ts";
import { withWriteRetries } from "../../db/d1-errors.ts";
import {
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
  type WebhookEventType,
} from "../../db/schema.ts";
import { isoSeconds } from "../../lib/time.ts";
import { webhookUrlProblem } from "../../webhooks/schemas.ts";
import { signatureHeaders } from "../../webhooks/signing.ts";
import { ATTEMPTS_BEFORE, type OutboxChannel } from "../channel.ts";
import { enqueueRows } from "../enqueue.ts";
import { olderThanTheKept } from "../kept-records.ts";

/*
 * Webhooks: each event row (table webhook_events) goes into the same D1
 * batch as the change that caused it (status changes:
 * src/peer-mentors/writes/status-change-statements.ts; reminders:
 * src/jobs/certification-reminders.ts), with its `data` as
 * ../event-data.ts has it. An event becomes one queue message per
 * subscribed endpoint, so each endpoint retries on its own; each attempt is
 * a row of webhook_deliveries, which GET …/deliveries shows.
 */

/** One queue message: one event for one endpoint. */
const webhookMessage = z.strictObject({
  event_id: z.string(),
  webhook_id: z.string(),
  attempts_before: ATTEMPTS_BEFORE,
});
export type WebhookMessage = z.output<typeof webhookMessage>;

// 12 random bytes, as random-id's 20 symbols are: "evt_" and 24 hex digits in SQL.
export const SQL_EVENT_ID = sql<string>`'evt_' || lower(hex(randomblob(12)))`;

const REQUEST_TIMEOUT_MS = 10_000;
/** Why a delivery failed once the queue (or the cron's sweep) gave up on it. */
const NO_2XX_AFTER_LAST_RETRY = "no 2xx answer after the last retry";
const EVENTS_KEPT_DAYS = 30;

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
 * Puts committed events on the outbox queue, one message per subscribed
 * endpoint, after the batch that wrote them; one whose enqueue fails is
 * handed on by the cron. `targets`: their deliveryTargets, when the write
 * looked them up in its own batch.
 */
export function enqueueWebhookEvents(
  db: Database,
  queue: Queue<WebhookMessage>,
  eventIds: readonly string[],
  { now = new Date(), targets }: { now?: Date; targets?: readonly WebhookMessage[] } = {},
): Promise<void> {
  return enqueueRows(db, queue, webhookChannel, eventIds, { now, messages: targets });
}

/** The body an endpoint receives: the stored `data` wrapped, byte for byte the same on every retry. */
function eventBody(event: { eventId: string; type: string; createdAt: string; data: string }) {
  return `{"id":${JSON.stringify(event.eventId)},"type":${JSON.stringify(event.type)},"created_at":${JSON.stringify(event.createdAt)},"data":${event.data}}`;
}

async function findDelivery(db: Database, { event_id, webhook_id }: WebhookMessage) {
  const [found] = await db
    .select({
      eventId: webhookEvents.eventId,
      type: webhookEvents.type,
      createdAt: webhookEvents.createdAt,
      data: webhookEvents.data,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
    })
    .from(webhookEvents)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.organizationId, webhookEvents.organizationId))
    .where(and(eq(webhookEvents.eventId, event_id), eq(webhookEndpoints.webhookId, webhook_id)));
  return found;
}

type Attempt = {
  outcome: "delivered" | "retrying" | "failed";
  attempt: number;
  responseStatus?: number;
  error?: string;
};

/** One attempt's record: its outcome, with the response status or the network error. */
async function recordAttempt(
  db: Database,
  message: WebhookMessage,
  type: WebhookEventType,
  attempt: Attempt,
) {
  // One row per attempt and outcome (webhook_deliveries_attempt_uq): a retried insert adds nothing.
  const attemptedAt = isoSeconds(new Date());
  await withWriteRetries(() =>
    db
      .insert(webhookDeliveries)
      .values({
        webhookId: message.webhook_id,
        eventId: message.event_id,
        eventType: type,
        attempt: attempt.attempt,
        outcome: attempt.outcome,
        responseStatus: attempt.responseStatus ?? null,
        error: attempt.error ?? null,
        attemptedAt,
      })
      .onConflictDoNothing(),
  );
}

/** POSTs the signed event; the response status, or the network error. */
async function post(delivery: NonNullable<Awaited<ReturnType<typeof findDelivery>>>) {
  const body = eventBody(delivery);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "peer-roster-webhooks/1",
        ...(await signatureHeaders(delivery.secret, delivery.eventId, timestamp, body)),
      },
      body,
      // A redirect is not a delivery: the receiver must answer at the URL it subscribed.
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** A delivery the sweep found stalled, and its event's type for the failure record. */
type StalledDelivery = WebhookMessage & { attempts: number; type: WebhookEventType };

export const webhookChannel: OutboxChannel<WebhookMessage, StalledDelivery> = {
  name: "webhook",
  rowsName: "events",
  rows: {
    table: webhookEvents,
    id: webhookEvents.eventId,
    enqueuedAt: webhookEvents.enqueuedAt,
    createdAt: webhookEvents.createdAt,
  },
  // An event's enqueued_at says which endpoints it goes to (those subscribed by then): it stays.
  resendStampsEnqueued: false,

  message: webhookMessage,
  rowIdOf: (body) => body.event_id,
  messagesFor: (db, ids) => deliveryTargets(db, ids),

  /**
   * POSTs the message's event to its endpoint and records the attempt. A
   * non-2xx answer or a network error is tried again. An event or endpoint
   * deleted meanwhile (with its mentor, or by DELETE) is dropped.
   */
  async deliver(db, body, attempt, env) {
    const delivery = await findDelivery(db, body);
    if (!delivery) return "settled";
    // Endpoints stored before today's URL rules, or under WEBHOOKS_ALLOW_LOCAL_HTTP since switched off.
    const refused = webhookUrlProblem(delivery.url, env.WEBHOOKS_ALLOW_LOCAL_HTTP === "true");
    if (refused) {
      await recordAttempt(db, body, delivery.type, {
        outcome: "failed",
        attempt,
        error: `not delivered: the URL ${refused}`,
      });
      return "settled";
    }
    const result = await post(delivery);
    const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
    await recordAttempt(db, body, delivery.type, {
      outcome: delivered ? "delivered" : "retrying",
      attempt,
      responseStatus: result.status,
      error: result.error,
    });
    return delivered ? "settled" : "retry";
  },

  async recordDeadLetter(db, body) {
    const delivery = await findDelivery(db, body);
    if (!delivery) return;
    const [tried] = await db
      .select({ attempts: count() })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.eventId, body.event_id),
          eq(webhookDeliveries.webhookId, body.webhook_id),
        ),
      );
    await recordAttempt(db, body, delivery.type, {
      outcome: "failed",
      attempt: tried?.attempts ?? 0,
      error: NO_2XX_AFTER_LAST_RETRY,
    });
  },

  /** Each (event, endpoint) the event went to (an endpoint subscribed when it was enqueued) with no final outcome. */
  findStalled(db, { from, until, overdue, limit }) {
    const pair = sql`d.event_id = e.event_id AND d.webhook_id = w.webhook_id`;
    return db.all<StalledDelivery>(
      sql`SELECT * FROM (SELECT e.event_id, w.webhook_id, e.type,
          (SELECT count(*) FROM webhook_deliveries d WHERE ${pair}) AS attempts,
          max(e.enqueued_at, coalesce((SELECT max(d.attempted_at) FROM webhook_deliveries d WHERE ${pair}), '')) AS last_moved_at
        FROM webhook_events e
        JOIN webhook_endpoints w ON w.organization_id = e.organization_id
          AND w.created_at <= e.enqueued_at
          AND e.type IN (SELECT value FROM json_each(w.events))
        WHERE e.enqueued_at >= ${from} AND e.enqueued_at < ${until}
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE ${pair} AND d.outcome <> 'retrying'))
        WHERE ${overdue}
        LIMIT ${limit}`,
    );
  },

  recordGivenUp: (db, stalled) =>
    recordAttempt(db, stalled, stalled.type, {
      outcome: "failed",
      attempt: stalled.attempts,
      error: NO_2XX_AFTER_LAST_RETRY,
    }),

  // Attempts count on from the ones recorded: each attempt's record stays its own.
  resendMessage: ({ event_id, webhook_id, attempts }) => ({
    event_id,
    webhook_id,
    attempts_before: attempts,
  }),

  /**
   * Each endpoint's last DELIVERIES_KEPT attempts and every one the sweep
   * still looks at (it must see a delivered one as delivered); events of the
   * last 30 days (older ones were handed to the queue long ago, and their
   * retries have run out).
   */
  pruneStatements(db, now, sweepSince) {
    const cutoff = isoSeconds(new Date(now.getTime() - EVENTS_KEPT_DAYS * 86_400_000));
    return [
      db
        .delete(webhookDeliveries)
        .where(
          and(
            lt(webhookDeliveries.attemptedAt, sweepSince),
            olderThanTheKept(db, webhookDeliveries.id, webhookDeliveries.webhookId, [
              sql`${webhookDeliveries.id} DESC`,
            ]),
          ),
        ),
      db
        .delete(webhookEvents)
        .where(and(isNotNull(webhookEvents.enqueuedAt), lt(webhookEvents.createdAt, cutoff))),
    ];
  },
};
