import * as z from "zod";
import { WEBHOOK_EVENT_TYPES } from "../db/schema.ts";
import { timestampSchema } from "../http/timestamp-schema.ts";
import { safeText } from "../lib/safe-text.ts";
import { isPublicIp, parseIpLiteral } from "./ip-literal.ts";

export const MAX_ENDPOINTS_PER_ORGANIZATION = 10;
const MAX_URL_LENGTH = 2_000;
// Plain http to this machine, where WEBHOOKS_ALLOW_LOCAL_HTTP allows it (npm run dev, tests).
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
// Names that only mean something inside a network (RFC 6761, 6762, 8375; ".internal" by ICANN).
const NON_PUBLIC_SUFFIXES = ["localhost", "local", "internal", "home.arpa"];

/** Why a URL's host is no public destination, or undefined. */
function hostProblem(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const ip = parseIpLiteral(host);
  if (ip)
    return isPublicIp(ip)
      ? undefined
      : "must not be a loopback, private, link-local or reserved address";
  if (!host.includes(".")) return "must be a public host name (with a dot)";
  const suffix = NON_PUBLIC_SUFFIXES.find((name) => host === name || host.endsWith(`.${name}`));
  return suffix ? `must be a public host name, not .${suffix}` : undefined;
}

/**
 * Where deliveries may go: https to a public host on the default port 443;
 * with `allowLocalHttp` (WEBHOOKS_ALLOW_LOCAL_HTTP, for local development)
 * also http or https to this machine on any port. The message says why, or
 * undefined when the URL is fine. Host names are not resolved: a public name
 * pointing at a private address still reaches only what Cloudflare's edge can.
 */
export function webhookUrlProblem(url: string, allowLocalHttp: boolean): string | undefined {
  const parsed = URL.parse(url);
  if (!parsed) return "must be an absolute URL";
  if (parsed.username || parsed.password) return "must not carry a user name or password";
  const local = allowLocalHttp && LOCAL_HOSTS.has(parsed.hostname);
  if (local && (parsed.protocol === "http:" || parsed.protocol === "https:")) return undefined;
  if (parsed.protocol !== "https:") {
    return allowLocalHttp
      ? "must be https (or http to localhost, 127.0.0.1 or [::1])"
      : "must be https";
  }
  // URL drops a default port: any port left is another one.
  if (parsed.port !== "") return "must use the https port, 443";
  return hostProblem(parsed.hostname);
}

export const createWebhookBody = z.strictObject({
  url: safeText().max(MAX_URL_LENGTH).meta({
    format: "uri",
    description:
      "https to a public host name or address on port 443; no localhost, .local, .internal, or loopback, private, link-local or reserved addresses. Plain http (any port) only to localhost, 127.0.0.1 or [::1], where the server allows it.",
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
