import { describeRoute } from "hono-openapi";
import {
  authenticated,
  conditionalWrite,
  errorResponses,
  idempotentCreate,
  jsonResponse,
  notModified,
} from "../http/openapi.ts";
import {
  createdWebhookSchema,
  deliveryListSchema,
  MAX_ENDPOINTS_PER_ORGANIZATION,
  webhookDeletedSchema,
  webhookListSchema,
  webhookSchema,
} from "./schemas.ts";

/* The OpenAPI description of each webhooks route (./routes.ts). */

const TAGS = ["Webhooks (v1)"];

export const createEndpoint = describeRoute({
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
});

export const listEndpoints = describeRoute({
  summary: "List the organization's endpoints",
  description: "Oldest first, without their signing secrets.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The endpoints", webhookListSchema),
    ...notModified,
    ...errorResponses(401, 403, 429),
  },
});

export const getEndpoint = describeRoute({
  summary: "Get one endpoint",
  description: "Without its signing secret.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The endpoint", webhookSchema),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

export const deleteEndpoint = describeRoute({
  summary: "Delete an endpoint",
  description:
    "Stops its deliveries at once, queued retries included, and erases its delivery records.",
  tags: TAGS,
  ...conditionalWrite,
  responses: {
    200: jsonResponse("Deleted", webhookDeletedSchema),
    ...errorResponses(401, 403, 404, 412, 413, 429),
  },
});

export const listDeliveries = describeRoute({
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
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default { createEndpoint, listEndpoints, getEndpoint, deleteEndpoint, listDeliveries };
