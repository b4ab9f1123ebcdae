import { Hono } from "hono";
import { requestId, type RequestIdVariables } from "hono/request-id";
import { handleError, handleNotFound } from "./http/errors.ts";
import { peerMentorsRoutes } from "./peer-mentors/routes.ts";
import { peerSupportersRoutes } from "./peer-supporters/routes.ts";

export const app = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>()
  .use(requestId())
  // No I/O: a liveness probe, and the ceiling the benchmark compares routes against.
  .get("/health", (c) => c.json({ status: "ok" }))
  .route("/api/v2/organizations", peerSupportersRoutes)
  .route("/api/v1/peer-mentors", peerMentorsRoutes);

app.onError(handleError);
app.notFound(handleNotFound);

export type AppType = typeof app;
