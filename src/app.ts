import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as z from "zod";
import { bodyLimit } from "hono/body-limit";
import { etag } from "hono/etag";
import { requestId, type RequestIdVariables } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { corsFromSettings } from "./http/cors.ts";
import { apiReference, docsSecurityHeaders } from "./http/docs.ts";
import { handleError, handleNotFound, jsonError } from "./http/errors.ts";
import { errorResponses, jsonResponse } from "./http/openapi.ts";
import { requestLog } from "./http/request-log.ts";
import { openApiDocumentOf } from "./http/openapi-document.ts";
import { notificationsRoutes } from "./notifications/routes.ts";
import { peerMentorsRoutes } from "./peer-mentors/routes.ts";
import { peerSupportersRoutes } from "./peer-supporters/routes.ts";
import { webhooksRoutes } from "./webhooks/routes.ts";

export const MAX_BODY_BYTES = 16 * 1024;

const healthSchema = z.strictObject({ status: z.literal("ok") });

export const app = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>()
  .use(requestId())
  .use(requestLog)
  // Cross-origin pages embed the JSON, so resources may be read cross-origin.
  .use(secureHeaders({ crossOriginResourcePolicy: "cross-origin" }))
  .use(corsFromSettings)
  .use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => jsonError(c, 413, "Request body must be at most 16 KiB"),
    }),
  )
  // ETag and If-None-Match (304) for reads only: a write must never answer 304.
  .on(["GET", "HEAD"], "*", etag())
  // No I/O: a liveness probe, and the ceiling the benchmark compares routes against.
  .get(
    "/health",
    describeRoute({
      summary: "Liveness",
      description: "No I/O and no token.",
      tags: ["Service"],
      security: [],
      responses: { 200: jsonResponse("Alive", healthSchema), ...errorResponses(413) },
    }),
    (c) => c.json({ status: "ok" as const }),
  )
  .route("/api/v2/organizations", peerSupportersRoutes)
  .route("/api/v1/peer-mentors", peerMentorsRoutes)
  .route("/api/v1/webhooks", webhooksRoutes)
  .route("/api/v1/notification-settings", notificationsRoutes);

// The contract, generated from the routes' own validators and response schemas.
// `app` is a Hono instance; chaining only widened its type parameters, which the rule mistakes for another class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
export const openApiDocument = openApiDocumentOf(app);
app.get("/openapi.json", async (c) => c.json(await openApiDocument()));
app.get("/docs", docsSecurityHeaders, apiReference);

app.onError(handleError);
app.notFound(handleNotFound);

export type AppType = typeof app;
