import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { rootCause } from "../db/root-cause.ts";
import { isoSeconds } from "../lib/time.ts";
import type { ChannelMessage, OutboxChannel, Stalled } from "./channel.ts";

/*
 * Handing a channel's committed rows to the queue: their messages go on it,
 * then the rows are stamped enqueued. A row whose message did not go keeps
 * `enqueued_at` null, and the cron hands it on later (`dispatchStranded`). A
 * receiver may so get a message twice, never not at all: webhook receivers
 * deduplicate by `webhook-id`, and an email's row says whether it was sent.
 */

/** Queues' limit per sendBatch call. */
const MESSAGES_PER_SEND = 100;
/** D1's limit on bound parameters, less room for the statement's own. */
const IDS_PER_STATEMENT = 90;
/** A row this old and still not on the queue was left behind by a failed enqueue. */
const STRANDED_AFTER_MS = 5 * 60_000;
const STRANDED_PER_RUN = 1_000;

type AnyChannel<M extends ChannelMessage> = OutboxChannel<M, Stalled>;

/** `items` in slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** One log line for a failed write to a queue or KV: counts and the cause's message, never data. */
export function logFailure(event: string, counts: Record<string, number>, error: unknown) {
  const cause = rootCause(error);
  console.error(
    JSON.stringify({
      level: "error",
      event,
      ...counts,
      error: cause instanceof Error ? cause.message : String(cause),
    }),
  );
}

/**
 * Puts `messages` on the queue, MESSAGES_PER_SEND at a time; answers the
 * rows of those that did not go (logged as `<channel>_<failure>`).
 */
export async function sendMessages<M extends ChannelMessage>(
  queue: Queue<M>,
  channel: AnyChannel<M>,
  messages: readonly M[],
  failure: "enqueue_failed" | "resend_failed",
): Promise<Set<string>> {
  const notSent = new Set<string>();
  for (const batch of chunks(messages, MESSAGES_PER_SEND)) {
    try {
      await queue.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
    } catch (error) {
      // Counts only: the cron hands these on later.
      logFailure(`${channel.name}_${failure}`, { messages: batch.length }, error);
      for (const body of batch) notSent.add(channel.rowIdOf(body));
    }
  }
  return notSent;
}

/** Stamps the rows `ids` enqueued at `now`, in one statement (the ids go in as one JSON value). */
export async function stampEnqueued<M extends ChannelMessage>(
  db: Database,
  channel: AnyChannel<M>,
  ids: readonly string[],
  now: Date,
) {
  if (ids.length === 0) return;
  const { table, id, enqueuedAt } = channel.rows;
  try {
    await db.run(
      sql`UPDATE ${table} SET ${sql.identifier(enqueuedAt.name)} = ${isoSeconds(now)}
        WHERE ${id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
  } catch (error) {
    // They are on the queue; the cron enqueues them again, and each channel settles a row once.
    logFailure(`${channel.name}_enqueue_failed`, { messages: ids.length }, error);
  }
}

async function sendAndStamp<M extends ChannelMessage>(
  db: Database,
  queue: Queue<M>,
  channel: AnyChannel<M>,
  { ids, messages, now }: { ids: readonly string[]; messages: readonly M[]; now: Date },
) {
  const notSent = await sendMessages(queue, channel, messages, "enqueue_failed");
  await stampEnqueued(
    db,
    channel,
    ids.filter((id) => !notSent.has(id)),
    now,
  );
}

/**
 * Puts a channel's committed rows `ids` on the queue and stamps those whose
 * every message went. `messages`: the rows' messages, when the write that
 * committed them looked them up in its own batch.
 */
export async function enqueueRows<M extends ChannelMessage>(
  db: Database,
  queue: Queue<M>,
  channel: AnyChannel<M>,
  ids: readonly string[],
  { now = new Date(), messages }: { now?: Date; messages?: readonly M[] } = {},
): Promise<void> {
  if (messages) return sendAndStamp(db, queue, channel, { ids, messages, now });
  for (const group of chunks(ids, IDS_PER_STATEMENT)) {
    const found = await channel.messagesFor(db, group);
    await sendAndStamp(db, queue, channel, { ids: group, messages: found, now });
  }
}

/** Hands on a channel's rows a failed enqueue left behind at `now`; returns how many it found. */
export async function dispatchStranded<M extends ChannelMessage>(
  db: Database,
  queue: Queue<M>,
  channel: AnyChannel<M>,
  now: Date,
): Promise<number> {
  const { table, id, enqueuedAt, createdAt } = channel.rows;
  const cutoff = isoSeconds(new Date(now.getTime() - STRANDED_AFTER_MS));
  const rows = await db.all<{ id: string }>(
    sql`SELECT ${id} AS id FROM ${table}
      WHERE ${enqueuedAt} IS NULL AND ${createdAt} < ${cutoff}
      LIMIT ${STRANDED_PER_RUN}`,
  );
  await enqueueRows(
    db,
    queue,
    channel,
    rows.map((row) => row.id),
    { now },
  );
  return rows.length;
}
