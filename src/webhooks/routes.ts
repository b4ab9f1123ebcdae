import { Hono } from "hono";
import { validator } from "#validator";
import type { AppEnv } from "../app-env.ts";
import { requireSecretKey } from "../auth/middleware.ts";
import { d1Session } from "../db/session.ts";
import { invalidField, methodNotAllowed, notFound, validationHook } from "../http/errors.ts";
import { ifMatchAdmits, ifMatchOf, jsonWithETag, preconditionFailed } from "../http/etag.ts";
import { idempotencyKey } from "../http/idempotency.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { randomId } from "../lib/random-id.ts";
import { settings } from "../settings.ts";
import { isoSeconds } from "../lib/time.ts";
import routeDocs from "#route-docs/webhooks";
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
} from "./queries.ts";
import {
  createWebhookBody,
  MAX_ENDPOINTS_PER_ORGANIZATION,
  webhookIdParam,
  webhookUrlProblem,
} from "./schemas.ts";
import { serializeDelivery, serializeWebhook, webhookETag } from "./serialize.ts";
import { generateSigningSecret } from "./signing.ts";

const stringOr = (value: unknown, otherwise: () => string) =>
  typeof value === "string" ? value : otherwise();

const ENDPOINT = "Webhook endpoint";

/** API v1 webhooks, mounted at /api/v1/webhooks: the organization's subscribed endpoints. */
export const webhooksRoutes = new Hono<AppEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  .use(idempotencyKey)
  .post(
    "/",
    routeDocs.createEndpoint,
    requireJsonBody,
    validator("json", createWebhookBody, validationHook),
    async (c) => {
      const { url, events } = c.req.valid("json");
      const problem = webhookUrlProblem(url, settings.WEBHOOKS_ALLOW_LOCAL_HTTP(c.env));
      if (problem) throw invalidField("url", problem);
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
        throw invalidField(
          "url",
          `the organization has ${String(MAX_ENDPOINTS_PER_ORGANIZATION)} endpoints, the most it may: delete one first`,
        );
      }
      c.header("Location", `/api/v1/webhooks/${endpoint.webhookId}`);
      c.header("ETag", await webhookETag(endpoint));
      return c.json({ ...serializeWebhook(endpoint), secret: endpoint.secret }, 201);
    },
  )
  .get("/", routeDocs.listEndpoints, async (c) => {
    const endpoints = await listEndpoints(c.var.db, c.var.organization.id);
    return c.json({ data: endpoints.map(serializeWebhook) });
  })
  .all("/", methodNotAllowed(["GET", "HEAD", "POST"]))
  .get(
    "/:webhook_id",
    routeDocs.getEndpoint,
    validator("param", webhookIdParam, validationHook),
    async (c) => {
      const endpoint = await findEndpoint(
        c.var.db,
        c.var.organization.id,
        c.req.valid("param").webhook_id,
      );
      if (!endpoint) throw notFound(ENDPOINT);
      return jsonWithETag(c, serializeWebhook(endpoint));
    },
  )
  .delete(
    "/:webhook_id",
    routeDocs.deleteEndpoint,
    validator("param", webhookIdParam, validationHook),
    async (c) => {
      const { webhook_id } = c.req.valid("param");
      const ifMatch = ifMatchOf(c);
      if (ifMatch !== undefined) {
        // An endpoint never changes, so the check before the delete is the whole condition.
        const endpoint = await findEndpoint(c.var.db, c.var.organization.id, webhook_id);
        if (!endpoint) throw notFound(ENDPOINT);
        if (!ifMatchAdmits(ifMatch, await webhookETag(endpoint))) {
          throw preconditionFailed("The webhook endpoint");
        }
      }
      if (!(await deleteEndpoint(c.var.db, c.var.organization.id, webhook_id))) {
        throw notFound(ENDPOINT);
      }
      return c.json({ webhook_id });
    },
  )
  .all("/:webhook_id", methodNotAllowed(["GET", "HEAD", "DELETE"]))
  .get(
    "/:webhook_id/deliveries",
    routeDocs.listDeliveries,
    validator("param", webhookIdParam, validationHook),
    async (c) => {
      const { webhook_id } = c.req.valid("param");
      const deliveries = await listDeliveries(c.var.db, c.var.organization.id, webhook_id);
      if (!deliveries) throw notFound(ENDPOINT);
      return c.json({ webhook_id, data: deliveries.map(serializeDelivery) });
    },
  )
  .all("/:webhook_id/deliveries", methodNotAllowed(["GET", "HEAD"]));
