import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import type { WebhookEventType } from "../db/schema.ts";
import { finishEmail } from "../notifications/deliver.ts";
import { enqueueEmails, type EmailQueueMessage } from "../outbox/emails.ts";
import { chunks, logEnqueueFailure, MESSAGES_PER_SEND } from "../outbox/enqueue.ts";
import type { DeliveryMessage } from "../outbox/webhook-dispatch.ts";
import { isoSeconds } from "../lib/time.ts";
import { NO_2XX_AFTER_LAST_RETRY, recordAttempt, retryDelaySeconds } from "../webhooks/deliver.ts";

/*
 * The cron's sweep of deliveries that stopped moving: on the queue, never
 * settled (delivered, sent or failed), and with no attempt for longer than
 * their next retry should have taken. A queue message lost, or a retry that
 * never came, is so sent again; "nothing lost" does not rest on the queue
 * alone. Receivers may see an event twice (they deduplicate by webhook-id);
 * an email is sent once, since its row says when it was.
 */

/** wrangler.toml's max_retries of the outbox queue (test/node/wrangler-config.test.ts checks they agree). */
export const QUEUE_MAX_RETRIES = 12;
/** Attempts after which the queue hands a message to the dead-letter queue: the sweep then records it failed. */
const QUEUE_ATTEMPTS = QUEUE_MAX_RETRIES + 1;
/** How late past its retry delay a delivery may be and still be on its way: the queue's own lag. */
const STALL_GRACE_SECONDS = 15 * 60;
const STALLED_PER_RUN = 1_000;

/**
 * Where the sweep's look back starts at `now`, and so how long delivery
 * records must be kept: every retry's delay and grace (the time the queue
 * takes to give up), and a day more for cron runs that did not happen.
 */
export function sweepStart(now: Date, retryBaseSeconds: number): string {
  let seconds = 86_400;
  for (let attempt = 1; attempt <= QUEUE_MAX_RETRIES; attempt++) {
    seconds += retryDelaySeconds(attempt, retryBaseSeconds) + STALL_GRACE_SECONDS;
  }
  return isoSeconds(new Date(now.getTime() - seconds * 1000));
}

type Stall = { attempts: number; last_moved_at: string };

/**
 * SQL: whether a row with `attempts` tries, last moved at `last_moved_at`,
 * is overdue at `now`: no attempt for longer than its next retry's delay and
 * the grace. Filtered in SQL, before the run's LIMIT, so a backlog of
 * deliveries that are merely waiting cannot hide an overdue one.
 */
function overdue(now: Date, retryBaseSeconds: number) {
  // The latest last move that is overdue, for each count of attempts the queue makes (a bound
  // number reaches SQLite as a real, so the constant index is written into the SQL).
  const cutoffs = Array.from({ length: QUEUE_ATTEMPTS + 1 }, (_, attempts) => {
    const waitSeconds =
      (attempts === 0 ? 0 : retryDelaySeconds(attempts, retryBaseSeconds)) + STALL_GRACE_SECONDS;
    return isoSeconds(new Date(now.getTime() - waitSeconds * 1000));
  });
  return sql`last_moved_at < json_extract(${JSON.stringify(cutoffs)}, '$[' || min(attempts, ${sql.raw(String(QUEUE_ATTEMPTS))}) || ']')`;
}

const windowOf = (now: Date, retryBaseSeconds: number) => ({
  from: sweepStart(now, retryBaseSeconds),
  until: isoSeconds(new Date(now.getTime() - STALL_GRACE_SECONDS * 1000)),
});

/**
 * Each (event, endpoint) the event went to (an endpoint subscribed when it
 * was enqueued) with no final outcome: sent again if overdue, recorded
 * failed past the queue's attempts. Returns how many it sent and failed.
 */
export async function resendStalledWebhooks(
  db: Database,
  queue: Queue<DeliveryMessage>,
  now: Date,
  retryBaseSeconds: number,
) {
  const { from, until } = windowOf(now, retryBaseSeconds);
  const pair = sql`d.event_id = e.event_id AND d.webhook_id = w.webhook_id`;
  const stalled = await db.all<DeliveryMessage & Stall & { type: WebhookEventType }>(
    sql`SELECT * FROM (SELECT e.event_id, w.webhook_id, e.type,
        (SELECT count(*) FROM webhook_deliveries d WHERE ${pair}) AS attempts,
        max(e.enqueued_at, coalesce((SELECT max(d.attempted_at) FROM webhook_deliveries d WHERE ${pair}), '')) AS last_moved_at
      FROM webhook_events e
      JOIN webhook_endpoints w ON w.organization_id = e.organization_id
        AND w.created_at <= e.enqueued_at
        AND e.type IN (SELECT value FROM json_each(w.events))
      WHERE e.enqueued_at >= ${from} AND e.enqueued_at < ${until}
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE ${pair} AND d.outcome <> 'retrying'))
      WHERE ${overdue(now, retryBaseSeconds)}
      LIMIT ${STALLED_PER_RUN}`,
  );
  const givenUp = stalled.filter((row) => row.attempts >= QUEUE_ATTEMPTS);
  for (const row of givenUp) {
    await recordAttempt(db, row, row.type, {
      outcome: "failed",
      attempt: row.attempts,
      error: NO_2XX_AFTER_LAST_RETRY,
    });
  }
  const resend = stalled.filter((row) => row.attempts < QUEUE_ATTEMPTS);
  // Only the messages: the event's enqueued_at stays when it first went out, which the
  // join above (endpoints subscribed by then) and the records' pruning go by.
  for (const targets of chunks(resend, MESSAGES_PER_SEND)) {
    try {
      await queue.sendBatch(
        targets.map(({ event_id, webhook_id, attempts }) => ({
          // Attempts count on from the ones recorded: each attempt's record stays its own.
          body: { event_id, webhook_id, attempts_before: attempts },
          contentType: "json" as const,
        })),
      );
    } catch (error) {
      logEnqueueFailure("webhook_resend_failed", { deliveries: targets.length }, error);
    }
  }
  return { resent: resend.length, failed: givenUp.length };
}

/** The same for pending emails on the queue: sent again if overdue, failed past the queue's attempts. */
export async function resendStalledEmails(
  db: Database,
  queue: Queue<EmailQueueMessage>,
  now: Date,
  retryBaseSeconds: number,
) {
  const { from, until } = windowOf(now, retryBaseSeconds);
  const stalled = await db.all<Stall & { email_id: string; error: string | null }>(
    sql`SELECT * FROM (SELECT email_id, attempts, error, max(enqueued_at, updated_at) AS last_moved_at
        FROM emails WHERE enqueued_at >= ${from} AND enqueued_at < ${until} AND status = 'pending')
      WHERE ${overdue(now, retryBaseSeconds)}
      LIMIT ${STALLED_PER_RUN}`,
  );
  const givenUp = stalled.filter((row) => row.attempts >= QUEUE_ATTEMPTS);
  for (const row of givenUp) {
    // As the dead-letter consumer records it: failed, with the last attempt's error.
    await finishEmail(db, row.email_id, { status: "failed", error: row.error }, false);
  }
  const resend = stalled.filter((row) => row.attempts < QUEUE_ATTEMPTS).map((row) => row.email_id);
  await enqueueEmails(db, queue, resend, now);
  return { resent: resend.length, failed: givenUp.length };
}
