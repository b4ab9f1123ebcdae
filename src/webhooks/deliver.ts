import { and, count, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { withWriteRetries } from "../db/d1-errors.ts";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../db/schema.ts";
import { settings } from "../settings.ts";
import { isoSeconds } from "../lib/time.ts";
import type { DeliveryMessage } from "../outbox/webhook-dispatch.ts";
import { webhookUrlProblem } from "./schemas.ts";
import { signatureHeaders } from "./signing.ts";

const REQUEST_TIMEOUT_MS = 10_000;
/** Why a delivery failed once the queue (or the cron's sweep) gave up on it. */
export const NO_2XX_AFTER_LAST_RETRY = "no 2xx answer after the last retry";
const MAX_RETRY_DELAY_SECONDS = 6 * 3600;

/** The body an endpoint receives: the stored `data` wrapped, byte for byte the same on every retry. */
function eventBody(event: { eventId: string; type: string; createdAt: string; data: string }) {
  return `{"id":${JSON.stringify(event.eventId)},"type":${JSON.stringify(event.type)},"created_at":${JSON.stringify(event.createdAt)},"data":${event.data}}`;
}

/** Growing delays: base, 2×, 4×… up to six hours (WEBHOOK_RETRY_BASE_SECONDS, default 60). */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_DELAY_SECONDS);
}

async function findDelivery(db: Database, { event_id, webhook_id }: DeliveryMessage) {
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
export async function recordAttempt(
  db: Database,
  message: DeliveryMessage,
  type: (typeof webhookEvents.$inferSelect)["type"],
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

/**
 * The queue consumer: delivers each message's event to its endpoint and
 * records the attempt. A non-2xx answer or a network error is retried with a
 * growing delay; past the last retry the queue moves the message to the
 * dead-letter queue, whose consumer records it as failed. An event or
 * endpoint deleted meanwhile (with its mentor, or by DELETE) is dropped.
 */
export async function deliverWebhooks(
  db: Database,
  messages: readonly Message<DeliveryMessage>[],
  env: Env,
  deadLettered: boolean,
) {
  const baseSeconds = settings.WEBHOOK_RETRY_BASE_SECONDS(env);
  for (const message of messages) {
    const delivery = await findDelivery(db, message.body);
    const attempt = (message.body.attempts_before ?? 0) + message.attempts;
    if (!delivery) {
      message.ack();
      continue;
    }
    if (deadLettered) {
      const [tried] = await db
        .select({ attempts: count() })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.eventId, message.body.event_id),
            eq(webhookDeliveries.webhookId, message.body.webhook_id),
          ),
        );
      await recordAttempt(db, message.body, delivery.type, {
        outcome: "failed",
        attempt: tried?.attempts ?? 0,
        error: NO_2XX_AFTER_LAST_RETRY,
      });
      message.ack();
      continue;
    }
    // Endpoints stored before today's URL rules, or under WEBHOOKS_ALLOW_LOCAL_HTTP since switched off.
    const refused = webhookUrlProblem(delivery.url, env.WEBHOOKS_ALLOW_LOCAL_HTTP === "true");
    if (refused) {
      await recordAttempt(db, message.body, delivery.type, {
        outcome: "failed",
        attempt,
        error: `not delivered: the URL ${refused}`,
      });
      message.ack();
      continue;
    }
    const result = await post(delivery);
    const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
    await recordAttempt(db, message.body, delivery.type, {
      outcome: delivered ? "delivered" : "retrying",
      attempt,
      responseStatus: result.status,
      error: result.error,
    });
    if (delivered) message.ack();
    else message.retry({ delaySeconds: retryDelaySeconds(attempt, baseSeconds) });
  }
}
