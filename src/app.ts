import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { etag } from "hono/etag";
import { requestId, type RequestIdVariables } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { corsFromSettings } from "./http/cors.ts";
import { handleError, handleNotFound, jsonError } from "./http/errors.ts";
import { requestLog } from "./http/request-log.ts";
import { peerMentorsRoutes } from "./peer-mentors/routes.ts";
import { peerSupportersRoutes } from "./peer-supporters/routes.ts";

export const MAX_BODY_BYTES = 16 * 1024;

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
  .get("/health", (c) => c.json({ status: "ok" }))
  .route("/api/v2/organizations", peerSupportersRoutes)
  .route("/api/v1/peer-mentors", peerMentorsRoutes);

app.onError(handleError);
app.notFound(handleNotFound);

export type AppType = typeof app;
