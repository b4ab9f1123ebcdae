import { Hono, type Context } from "hono";
import { describeRoute, validator } from "hono-openapi";
import { requireSecretKey, type AuthVariables } from "../auth/middleware.ts";
import { d1Session, type DatabaseVariables } from "../db/session.ts";
import { jsonError, methodNotAllowed, validationHook } from "../http/errors.ts";
import { ifMatchAdmits, ifMatchOf, jsonWithETag, preconditionFailed } from "../http/etag.ts";
import { idempotencyKey, type IdempotencyVariables } from "../http/idempotency.ts";
import { requireJsonBody } from "../http/json-body.ts";
import {
  authenticated,
  conditionalWrite,
  errorResponses,
  idempotentCreate,
  jsonResponse,
  notModified,
} from "../http/openapi.ts";
import { randomId } from "../random-id.ts";
import { settings } from "../settings.ts";
import { isoSeconds } from "../time.ts";
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
} from "./queries.ts";
import {
  createdWebhookSchema,
  createWebhookBody,
  deliveryListSchema,
  webhookDeletedSchema,
  MAX_ENDPOINTS_PER_ORGANIZATION,
  webhookIdParam,
  webhookListSchema,
  webhookSchema,
  webhookUrlProblem,
} from "./schemas.ts";
import { serializeDelivery, serializeWebhook, webhookETag } from "./serialize.ts";
import { generateSigningSecret } from "./signing.ts";

type WebhooksEnv = {
  Bindings: Env;
  Variables: AuthVariables & DatabaseVariables & IdempotencyVariables;
};

const stringOr = (value: unknown, otherwise: () => string) =>
  typeof value === "string" ? value : otherwise();

const TAGS = ["Webhooks (v1)"];
const notFound = (c: Context) => jsonError(c, 404, "Webhook endpoint not found");

/** API v1 webhooks, mounted at /api/v1/webhooks: the organization's subscribed endpoints. */
export const webhooksRoutes = new Hono<WebhooksEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  .use(idempotencyKey)
  .post(
    "/",
    describeRoute({
      summary: "Subscribe an endpoint",
      description: `Events are POSTed to \`url\`, signed as Standard Webhooks do with the \`secret\` in this answer, which is shown only here. At most ${String(MAX_ENDPOINTS_PER_ORGANIZATION)} endpoints per organization.`,
      tags: TAGS,
      ...idempotentCreate,
      requestBody: {
        content: {
          "application/json": {
            example: {
              url: "https://example.org/hooks/peer-roster",
              events: ["peer_mentor.certification_expiring", "peer_mentor.status_changed"],
            },
          },
        },
      },
      responses: {
        201: jsonResponse(
          "The endpoint, with its signing secret; `ETag` is the endpoint's as GET shows it",
          createdWebhookSchema,
          undefined,
          ["ETag", "Location"],
        ),
        ...errorResponses(400, 401, 403, 413, 415, 422, 429),
      },
    }),
    requireJsonBody,
    validator("json", createWebhookBody, validationHook),
    async (c) => {
      const { url, events } = c.req.valid("json");
      const problem = webhookUrlProblem(url, settings.WEBHOOKS_ALLOW_LOCAL_HTTP(c.env));
      if (problem) {
        return jsonError(c, 400, "Invalid request", {
          details: [{ field: "url", message: problem }],
        });
      }
      // A retry of a create that may have committed writes the same endpoint (src/http/idempotency.ts).
      const reserved = c.var.idempotentCreate?.reserved;
      const endpoint = {
        webhookId: stringOr(reserved?.webhook_id, () => randomId("whk_", 16)),
        organizationId: c.var.organization.id,
        url: new URL(url).href,
        events,
        secret: stringOr(reserved?.secret, generateSigningSecret),
        createdAt: stringOr(reserved?.created_at, () => isoSeconds(new Date())),
      };
      if (!(await insertEndpoint(c.var.db, endpoint, c.var.idempotentCreate))) {
        return jsonError(c, 400, "Invalid request", {
          details: [
            {
              field: "url",
              message: `the organization has ${String(MAX_ENDPOINTS_PER_ORGANIZATION)} endpoints, the most it may: delete one first`,
            },
          ],
        });
      }
      c.header("Location", `/api/v1/webhooks/${endpoint.webhookId}`);
      c.header("ETag", await webhookETag(endpoint));
      return c.json({ ...serializeWebhook(endpoint), secret: endpoint.secret }, 201);
    },
  )
  .get(
    "/",
    describeRoute({
      summary: "List the organization's endpoints",
      description: "Oldest first, without their signing secrets.",
      tags: TAGS,
      ...authenticated,
      responses: {
        200: jsonResponse("The endpoints", webhookListSchema),
        ...notModified,
        ...errorResponses(401, 403, 429),
      },
    }),
    async (c) => {
      const endpoints = await listEndpoints(c.var.db, c.var.organization.id);
      return c.json({ data: endpoints.map(serializeWebhook) });
    },
  )
  .all("/", methodNotAllowed(["GET", "HEAD", "POST"]))
  .get(
    "/:webhook_id",
    describeRoute({
      summary: "Get one endpoint",
      description: "Without its signing secret.",
      tags: TAGS,
      ...authenticated,
      responses: {
        200: jsonResponse("The endpoint", webhookSchema),
        ...notModified,
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    validator("param", webhookIdParam, validationHook),
    async (c) => {
      const endpoint = await findEndpoint(
        c.var.db,
        c.var.organization.id,
        c.req.valid("param").webhook_id,
      );
      return endpoint ? jsonWithETag(c, serializeWebhook(endpoint)) : notFound(c);
    },
  )
  .delete(
    "/:webhook_id",
    describeRoute({
      summary: "Delete an endpoint",
      description:
        "Stops its deliveries at once, queued retries included, and erases its delivery records.",
      tags: TAGS,
      ...conditionalWrite,
      responses: {
        200: jsonResponse("Deleted", webhookDeletedSchema),
        ...errorResponses(401, 403, 404, 412, 413, 429),
      },
    }),
    validator("param", webhookIdParam, validationHook),
    async (c) => {
      const { webhook_id } = c.req.valid("param");
      const ifMatch = ifMatchOf(c);
      if (ifMatch !== undefined) {
        // An endpoint never changes, so the check before the delete is the whole condition.
        const endpoint = await findEndpoint(c.var.db, c.var.organization.id, webhook_id);
        if (!endpoint) return notFound(c);
        if (!ifMatchAdmits(ifMatch, await webhookETag(endpoint))) {
          return preconditionFailed(c, "The webhook endpoint");
        }
      }
      if (!(await deleteEndpoint(c.var.db, c.var.organization.id, webhook_id))) return notFound(c);
      return c.json({ webhook_id });
    },
  )
  .all("/:webhook_id", methodNotAllowed(["GET", "HEAD", "DELETE"]))
  .get(
    "/:webhook_id/deliveries",
    describeRoute({
      summary: "An endpoint's last delivery attempts",
      description:
        "The last 100 attempts, newest first: each with its event, attempt number, outcome (`delivered`, `retrying`, or `failed` past the last retry), and the response status or network error.",
      tags: TAGS,
      ...authenticated,
      responses: {
        200: jsonResponse("Delivery attempts", deliveryListSchema),
        ...notModified,
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    validator("param", webhookIdParam, validationHook),
    async (c) => {
      const { webhook_id } = c.req.valid("param");
      const deliveries = await listDeliveries(c.var.db, c.var.organization.id, webhook_id);
      if (!deliveries) return notFound(c);
      return c.json({ webhook_id, data: deliveries.map(serializeDelivery) });
    },
  )
  .all("/:webhook_id/deliveries", methodNotAllowed(["GET", "HEAD"]));
