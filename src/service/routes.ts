import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { constantJsonWithETag } from "../http/etag.ts";
import routeDocs from "#route-docs/service";

/** The service's own routes, mounted at /: no token. */
export const serviceRoutes = new Hono<AppEnv>()
  // No I/O: a liveness probe, and the ceiling the benchmark compares routes against.
  // Its JSON and ETag made once (src/http/etag.ts): it never changes.
  .get("/health", routeDocs.health, constantJsonWithETag({ status: "ok" as const }))
  // Where a person or a tool that opens the bare origin finds the rest.
  .get(
    "/",
    routeDocs.serviceIndex,
    constantJsonWithETag({
      name: "peer-roster" as const,
      docs: "/docs" as const,
      openapi: "/openapi.json" as const,
    }),
  );
