import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import { refuseSecretInUrl } from "./auth/middleware.ts";
import { bodyLimit } from "hono/body-limit";
import { MAX_BODY_BYTES, MAX_BODY_KIB } from "./http/body-limit.ts";
import { etag } from "hono/etag";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { corsFromSettings } from "./http/cors.ts";
import { apiReference, docsSecurityHeaders } from "./http/docs.ts";
import { handleError, handleNotFound, jsonError } from "./http/errors.ts";
import { NOT_MODIFIED_HEADERS } from "./http/etag.ts";
import { requestLog } from "./http/request-log.ts";
import { serveOpenApiDocument, OPENAPI_PATH } from "./http/openapi-json.ts";
import { notificationsRoutes } from "./notifications/routes.ts";
import { peerMentorsRoutes } from "./peer-mentors/routes.ts";
import { peerSupportersRoutes } from "./peer-supporters/routes.ts";
import { hostedErrorPages } from "./hosted-pages/error-pages.ts";
import { hostedPagesRoutes } from "./hosted-pages/routes.ts";
import { serviceRoutes } from "./service/routes.ts";
import { webhooksRoutes } from "./webhooks/routes.ts";
import { consoleRoutes } from "./console/routes.ts";

/**
 * The API's middleware that the console does otherwise: its pages are
 * personal and no-store (no ETag, no hashing of their HTML), it limits its
 * own bodies and answers as a page, and `?key=` means nothing to it.
 */
const outsideConsole =
  (middleware: MiddlewareHandler): MiddlewareHandler =>
  (c, next) =>
    c.req.path === "/console" || c.req.path.startsWith("/console/") ? next() : middleware(c, next);

export const app = new Hono<AppEnv>()
  .use(requestId())
  .use(requestLog)
  // Cross-origin pages embed the JSON, so resources may be read cross-origin; a
  // surface that sets a header of its own keeps it (the console's pages).
  .use(secureHeaders({ crossOriginResourcePolicy: "cross-origin", overwrite: false }))
  .use(corsFromSettings)
  // Outside every check that can refuse a request: a visitor's browser reads HTML, never the API's JSON.
  .use("/o/*", hostedErrorPages)
  .use(
    outsideConsole(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) => jsonError(c, 413, `Request body must be at most ${MAX_BODY_KIB} KiB`),
      }),
    ),
  )
  .use(outsideConsole(refuseSecretInUrl))
  // ETag and If-None-Match (304) for reads only: a write must never answer 304.
  .on(["GET", "HEAD"], "*", outsideConsole(etag({ retainedHeaders: NOT_MODIFIED_HEADERS })))
  .route("/", serviceRoutes)
  .route("/api/v2/organizations", peerSupportersRoutes)
  .route("/o", hostedPagesRoutes)
  .route("/api/v1/peer-mentors", peerMentorsRoutes)
  .route("/api/v1/webhooks", webhooksRoutes)
  .route("/api/v1/notification-settings", notificationsRoutes)
  .route("/console", consoleRoutes);

// The contract, generated at build time from the routes' own validators and response schemas.
app.get(OPENAPI_PATH, serveOpenApiDocument);
app.get("/docs", docsSecurityHeaders, apiReference);

app.onError(handleError);
app.notFound(handleNotFound);

export type AppType = typeof app;
