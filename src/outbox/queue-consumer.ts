import { createDatabase } from "../db/client.ts";
import { deliverEmails } from "../notifications/deliver.ts";
import { deliverWebhooks } from "../webhooks/deliver.ts";
import type { DeliveryMessage } from "./webhook-dispatch.ts";
import type { EmailQueueMessage } from "./emails.ts";

/** What the outbox queue carries: a webhook event for one endpoint, or one email. */
export type OutboxMessage = DeliveryMessage | EmailQueueMessage;

/** wrangler.toml's dead-letter queue: messages land there past the last retry. */
const DEAD_LETTER_QUEUE = "peer-roster-webhooks-dlq";

const isEmail = (message: Message<OutboxMessage>): message is Message<EmailQueueMessage> =>
  "email_id" in message.body;

/**
 * The consumer of the outbox queue and its dead-letter queue: webhook
 * deliveries and emails, each with the same retries and failure record.
 */
export async function consumeOutboxQueue(batch: MessageBatch<OutboxMessage>, env: Env) {
  const db = createDatabase(env.DB);
  const deadLettered = batch.queue === DEAD_LETTER_QUEUE;
  const emails = batch.messages.filter(isEmail);
  const webhooks = batch.messages.filter(
    (message): message is Message<DeliveryMessage> => !isEmail(message),
  );
  await deliverWebhooks(db, webhooks, env, deadLettered);
  await deliverEmails(db, emails, env, deadLettered);
}
