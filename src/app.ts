import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import { refuseSecretInUrl } from "./auth/middleware.ts";
import * as z from "zod";
import { bodyLimit } from "hono/body-limit";
import { MAX_BODY_BYTES, MAX_BODY_KIB } from "./http/body-limit.ts";
import { etag } from "hono/etag";
import { requestId, type RequestIdVariables } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { corsFromSettings } from "./http/cors.ts";
import { apiReference, docsSecurityHeaders } from "./http/docs.ts";
import { handleError, handleNotFound, jsonError } from "./http/errors.ts";
import { NOT_MODIFIED_HEADERS } from "./http/etag.ts";
import { errorResponses, jsonResponse } from "./http/openapi.ts";
import { requestLog } from "./http/request-log.ts";
import { openApiDocumentOf } from "./http/openapi-document.ts";
import { notificationsRoutes } from "./notifications/routes.ts";
import { peerMentorsRoutes } from "./peer-mentors/routes.ts";
import { peerSupportersRoutes } from "./peer-supporters/routes.ts";
import { hostedPagesRoutes } from "./hosted-pages/routes.ts";
import { webhooksRoutes } from "./webhooks/routes.ts";
import { consoleRoutes } from "./console/routes.ts";

const etagOfReads = etag({ retainedHeaders: NOT_MODIFIED_HEADERS });
/** The console's pages are personal and no-store: no ETag, and no hashing of their HTML. */
const etagOutsideConsole: MiddlewareHandler = (c, next) =>
  c.req.path === "/console" || c.req.path.startsWith("/console/") ? next() : etagOfReads(c, next);

const healthSchema = z.strictObject({ status: z.literal("ok") });
const serviceIndexSchema = z.strictObject({
  name: z.literal("peer-roster"),
  docs: z.literal("/docs"),
  openapi: z.literal("/openapi.json"),
});

export const app = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>()
  .use(requestId())
  .use(requestLog)
  // Cross-origin pages embed the JSON, so resources may be read cross-origin; a
  // surface that sets a header of its own keeps it (the console's pages).
  .use(secureHeaders({ crossOriginResourcePolicy: "cross-origin", overwrite: false }))
  .use(corsFromSettings)
  .use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => jsonError(c, 413, `Request body must be at most ${MAX_BODY_KIB} KiB`),
    }),
  )
  .use(refuseSecretInUrl)
  // ETag and If-None-Match (304) for reads only: a write must never answer 304.
  .on(["GET", "HEAD"], "*", etagOutsideConsole)
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
  // Where a person or a tool that opens the bare origin finds the rest.
  .get(
    "/",
    describeRoute({
      summary: "Where the documentation is",
      description: "No token. Points to the interactive reference and the OpenAPI document.",
      tags: ["Service"],
      security: [],
      responses: {
        200: jsonResponse("The documentation's addresses", serviceIndexSchema),
        ...errorResponses(413),
      },
    }),
    (c) =>
      c.json({
        name: "peer-roster" as const,
        docs: "/docs" as const,
        openapi: "/openapi.json" as const,
      }),
  )
  .route("/api/v2/organizations", peerSupportersRoutes)
  .route("/o", hostedPagesRoutes)
  .route("/api/v1/peer-mentors", peerMentorsRoutes)
  .route("/api/v1/webhooks", webhooksRoutes)
  .route("/api/v1/notification-settings", notificationsRoutes)
  .route("/console", consoleRoutes);

// The contract, generated from the routes' own validators and response schemas.
// `app` is a Hono instance; chaining only widened its type parameters, which the rule mistakes for another class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
export const openApiDocument = openApiDocumentOf(app);
app.get("/openapi.json", async (c) => c.json(await openApiDocument()));
app.get("/docs", docsSecurityHeaders, apiReference);

app.onError(handleError);
app.notFound(handleNotFound);

export type AppType = typeof app;
