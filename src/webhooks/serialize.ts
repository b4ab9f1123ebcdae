import { strongETag } from "../http/etag.ts";
import type { webhookDeliveries, webhookEndpoints } from "../db/schema.ts";
import type { deliveryListSchema, Webhook } from "./schemas.ts";
import type * as z from "zod";

type Delivery = z.output<typeof deliveryListSchema>["data"][number];

/** An endpoint as the API shows it: never with its secret. */
export function serializeWebhook(
  endpoint: Pick<
    typeof webhookEndpoints.$inferSelect,
    "webhookId" | "url" | "events" | "createdAt"
  >,
): Webhook {
  return {
    webhook_id: endpoint.webhookId,
    url: endpoint.url,
    events: endpoint.events,
    created_at: endpoint.createdAt,
  };
}

/** The endpoint's ETag: the one GET one answers with (jsonWithETag hashes the same JSON). */
export const webhookETag = (endpoint: Parameters<typeof serializeWebhook>[0]) =>
  strongETag(JSON.stringify(serializeWebhook(endpoint)));

export function serializeDelivery(
  delivery: Omit<typeof webhookDeliveries.$inferSelect, "id" | "webhookId">,
): Delivery {
  return {
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    attempt: delivery.attempt,
    outcome: delivery.outcome,
    response_status: delivery.responseStatus,
    error: delivery.error,
    attempted_at: delivery.attemptedAt,
  };
}
