import type { OutboxChannel, Stalled } from "./channel.ts";
import { emailChannel, type EmailMessage } from "./channels/email.ts";
import { webhookChannel, type WebhookMessage } from "./channels/webhook.ts";

/** What the outbox queue carries: a message of one of the channels. */
export type OutboxMessage = WebhookMessage | EmailMessage;

/** Every channel, in the order the cron's sweep and the pruning take them. */
export const OUTBOX_CHANNELS: readonly OutboxChannel<OutboxMessage, Stalled>[] = [
  webhookChannel,
  emailChannel,
];
