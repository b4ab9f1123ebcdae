import { createDatabase } from "../db/client.ts";
import { settings } from "../settings.ts";
import { OUTBOX_CHANNELS } from "./channels.ts";

/** wrangler.toml's max_retries of the outbox queue (test/node/wrangler-config.test.ts checks they agree). */
export const QUEUE_MAX_RETRIES = 12;
/** wrangler.toml's dead-letter queue of the outbox queue: messages land there past the last retry. */
export const DEAD_LETTER_QUEUE = "peer-roster-webhooks-dlq";
const MAX_RETRY_DELAY_SECONDS = 6 * 3600;

/** Growing delays: base, 2×, 4×… up to six hours (WEBHOOK_RETRY_BASE_SECONDS, default 60). */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_DELAY_SECONDS);
}

/** The channel whose message schema `body` fits, and the body as it parsed; none for a stray message. */
function channelOf(body: unknown) {
  for (const channel of OUTBOX_CHANNELS) {
    const parsed = channel.message.safeParse(body);
    if (parsed.success) return [channel, parsed.data] as const;
  }
  // No ids or data: a message of no channel is dropped, and this says one was.
  console.error(JSON.stringify({ level: "error", event: "outbox_message_unknown" }));
  return [undefined, undefined] as const;
}

/**
 * The consumer of the outbox queue and its dead-letter queue, for every
 * channel alike: each message goes to its channel to be sent and recorded;
 * one not settled is tried again with a growing delay; past the last retry
 * the queue moves it to the dead-letter queue, whose messages the channel
 * records as failed. A message no channel carries is dropped.
 */
export async function consumeOutboxQueue(batch: MessageBatch, env: Env) {
  const db = createDatabase(env.DB);
  const deadLettered = batch.queue === DEAD_LETTER_QUEUE;
  const baseSeconds = settings.WEBHOOK_RETRY_BASE_SECONDS(env);
  for (const message of batch.messages) {
    const [channel, body] = channelOf(message.body);
    if (channel && deadLettered) await channel.recordDeadLetter(db, body);
    if (!channel || deadLettered) {
      message.ack();
      continue;
    }
    const attempt = (body.attempts_before ?? 0) + message.attempts;
    if ((await channel.deliver(db, body, attempt, env)) === "settled") message.ack();
    else message.retry({ delaySeconds: retryDelaySeconds(attempt, baseSeconds) });
  }
}
