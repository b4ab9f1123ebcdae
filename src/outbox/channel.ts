import type { SQL } from "drizzle-orm";
import * as z from "zod";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchStatement, Database } from "../db/client.ts";

/*
 * What a channel (webhooks, emails) tells the outbox's loop: where its rows
 * are, which queue messages a row becomes, how one message is sent and its
 * attempt recorded, and what the stalled-delivery sweep and the pruning look
 * at. Enqueueing, handing on stranded rows, retries, the dead-letter queue,
 * the sweep and the pruning are the loop's, the same for every channel
 * (./enqueue.ts, ./consumer.ts, ./sweep.ts). A new channel is one file in
 * ./channels/ and its table, listed in ./channels.ts.
 */

/**
 * In any channel's queue message: the attempts before it, set when the
 * cron's sweep sends a delivery again, so that its attempts count on.
 */
export const ATTEMPTS_BEFORE = z.number().int().nonnegative().optional();

/** What every queue message may carry besides its row's id. */
export type ChannelMessage = { attempts_before?: number | undefined };

/** What the stalled-delivery sweep found of a channel: how often it was tried, and whatever else the channel needs. */
export type Stalled = { attempts: number };

/** The sweep's look at one run: rows enqueued in [from, until), overdue by `overdue` (SQL over `attempts` and `last_moved_at`). */
export type StallWindow = { from: string; until: string; overdue: SQL; limit: number };

// Method syntax on purpose: a channel of its own message type stands in the list of all channels.
export interface OutboxChannel<M extends ChannelMessage, S extends Stalled> {
  /** Names its log lines (`<name>_enqueue_failed`) and its deliveries in the cron's (`stalled_<name>s`). */
  readonly name: string;
  /** What its rows are, in the cron's log line (`stranded_<rowsName>`). */
  readonly rowsName: string;
  /** The outbox table: one row per thing to send; `enqueuedAt` is null until it is on the queue. */
  readonly rows: {
    table: SQLiteTable;
    id: SQLiteColumn;
    enqueuedAt: SQLiteColumn;
    createdAt: SQLiteColumn;
  };
  /**
   * Whether the sweep's resend stamps a row enqueued again (so the next
   * sweep waits a grace from it), or the row keeps its first enqueue.
   */
  readonly resendStampsEnqueued: boolean;
  /**
   * Its queue messages' schema, strict: the consumer knows a message for
   * this channel's by it, and tests parse what every writer enqueues with it.
   */
  readonly message: z.ZodType<M>;
  /** The outbox row a message is for. */
  rowIdOf(body: M): string;
  /** The queue messages of the rows `ids` (at most IDS_PER_STATEMENT of them). */
  messagesFor(db: Database, ids: readonly string[]): Promise<M[]>;
  /** Sends one message as its `attempt`-th try and records it: settled, or to be tried again. */
  deliver(db: Database, body: M, attempt: number, env: Env): Promise<"settled" | "retry">;
  /** Records a message the queue gave up on (the dead-letter queue's consumer). */
  recordDeadLetter(db: Database, body: M): Promise<void>;
  /** The rows on the queue with no final outcome that `window` finds overdue. */
  findStalled(db: Database, window: StallWindow): Promise<S[]>;
  /** Records one the queue would have given up on by now, as the dead-letter consumer does. */
  recordGivenUp(db: Database, stalled: S): Promise<void>;
  /** The message that sends a stalled one again. */
  resendMessage(stalled: S): M;
  /** Deletes the records nobody reads any more, keeping every one the sweep looks at (`sweepSince`). */
  pruneStatements(db: Database, now: Date, sweepSince: string): BatchStatement[];
}
