import { sql } from "drizzle-orm";
import { batchStatements, type Database } from "../db/client.ts";
import { isoSeconds } from "../lib/time.ts";
import type { OutboxChannel, Stalled, StallWindow } from "./channel.ts";
import { OUTBOX_CHANNELS, type OutboxMessage } from "./channels.ts";
import { QUEUE_MAX_RETRIES, retryDelaySeconds } from "./consumer.ts";
import { dispatchStranded, sendMessages, stampEnqueued } from "./enqueue.ts";

/*
 * The cron's part of the outbox, for every channel: hand on the rows a
 * failed enqueue left behind, send again the deliveries that stopped moving
 * on the queue (never settled, and with no attempt for longer than their
 * next retry should have taken: a queue message lost, or a retry that never
 * came), and prune. "Nothing lost" so does not rest on the queue alone.
 */

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

const windowAt = (now: Date, retryBaseSeconds: number): StallWindow => ({
  from: sweepStart(now, retryBaseSeconds),
  until: isoSeconds(new Date(now.getTime() - STALL_GRACE_SECONDS * 1000)),
  overdue: overdue(now, retryBaseSeconds),
  limit: STALLED_PER_RUN,
});

/** A channel's overdue deliveries: sent again, or recorded failed past the queue's attempts. */
async function resendStalled(
  db: Database,
  queue: Queue<OutboxMessage>,
  channel: OutboxChannel<OutboxMessage, Stalled>,
  now: Date,
  retryBaseSeconds: number,
) {
  const stalled = await channel.findStalled(db, windowAt(now, retryBaseSeconds));
  const givenUp = stalled.filter((row) => row.attempts >= QUEUE_ATTEMPTS);
  for (const row of givenUp) await channel.recordGivenUp(db, row);
  const resend = stalled
    .filter((row) => row.attempts < QUEUE_ATTEMPTS)
    .map((row) => channel.resendMessage(row));
  const notSent = await sendMessages(queue, channel, resend, "resend_failed");
  if (channel.resendStampsEnqueued) {
    const sent = resend.map((body) => channel.rowIdOf(body)).filter((id) => !notSent.has(id));
    await stampEnqueued(db, channel, sent, now);
  }
  return { resent: resend.length, failed: givenUp.length };
}

/**
 * Every channel's stranded rows and stalled deliveries at `now`, then the
 * pruning of records no one reads any more (one batch), keeping every one
 * the sweep looks at. Answers the cron log line's counts: per channel,
 * `stranded_<rowsName>` (rows handed on late) and `stalled_<name>s`.
 */
export async function sweepOutbox(
  db: Database,
  queue: Queue<OutboxMessage>,
  now: Date,
  retryBaseSeconds: number,
): Promise<Record<string, number | { resent: number; failed: number }>> {
  const report: Record<string, number | { resent: number; failed: number }> = {};
  for (const channel of OUTBOX_CHANNELS) {
    report[`stranded_${channel.rowsName}`] = await dispatchStranded(db, queue, channel, now);
    report[`stalled_${channel.name}s`] = await resendStalled(
      db,
      queue,
      channel,
      now,
      retryBaseSeconds,
    );
  }
  const sweepSince = sweepStart(now, retryBaseSeconds);
  await batchStatements(
    db,
    OUTBOX_CHANNELS.flatMap((channel) => channel.pruneStatements(db, now, sweepSince)),
  );
  return report;
}
