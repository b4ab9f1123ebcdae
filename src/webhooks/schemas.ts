import * as z from "zod";
import { WEBHOOK_EVENT_TYPES } from "../db/schema.ts";
import { timestampSchema } from "../http/openapi.ts";
import { safeText } from "../text/safe-text.ts";

export const MAX_ENDPOINTS_PER_ORGANIZATION = 10;
const MAX_URL_LENGTH = 2_000;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * Where deliveries may go: https anywhere, plain http to this machine only
 * when `allowLocalHttp` (WEBHOOKS_ALLOW_LOCAL_HTTP, for local development).
 * The message says why, or undefined when the URL is fine.
 */
export function webhookUrlProblem(url: string, allowLocalHttp: boolean): string | undefined {
  const parsed = URL.parse(url);
  if (!parsed) return "must be an absolute URL";
  if (parsed.username || parsed.password) return "must not carry a user name or password";
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && allowLocalHttp && LOCAL_HOSTS.has(parsed.hostname)) {
    return undefined;
  }
  return allowLocalHttp ? "must be https (or http to localhost or 127.0.0.1)" : "must be https";
}

export const createWebhookBody = z.strictObject({
  url: safeText().max(MAX_URL_LENGTH).meta({
    format: "uri",
    description: "https; plain http only to localhost or 127.0.0.1 where the server allows it.",
  }),
  events: z
    .array(
      z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}` }),
    )
    .min(1)
    .transform((events) => [...new Set(events)]),
});

const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES));

export const webhookSchema = z.strictObject({
  webhook_id: z.string(),
  url: z.string(),
  events: eventTypes,
  created_at: timestampSchema,
});
export type Webhook = z.output<typeof webhookSchema>;

/** The endpoint with its signing secret: the POST's answer, the one time the secret is shown. */
export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().meta({ description: "`whsec_…`: shown only in this answer." }),
});

export const webhookDeletedSchema = z.strictObject({ webhook_id: z.string() });

export const webhookListSchema = z.strictObject({ data: z.array(webhookSchema) });

export const deliveryListSchema = z.strictObject({
  webhook_id: z.string(),
  data: z.array(
    z.strictObject({
      event_id: z.string(),
      event_type: z.enum(WEBHOOK_EVENT_TYPES),
      attempt: z.number().int(),
      outcome: z.enum(["delivered", "retrying", "failed"]),
      response_status: z.number().int().nullable(),
      error: z.string().nullable(),
      attempted_at: timestampSchema,
    }),
  ),
});

export const webhookIdParam = z.object({
  webhook_id: z.string().meta({ description: "The endpoint's id, `whk_…`." }),
});
