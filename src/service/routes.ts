import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import routeDocs from "#route-docs/service";

/** The service's own routes, mounted at /: no token. */
export const serviceRoutes = new Hono<AppEnv>()
  // No I/O: a liveness probe, and the ceiling the benchmark compares routes against.
  .get("/health", routeDocs.health, (c) => c.json({ status: "ok" as const }))
  // Where a person or a tool that opens the bare origin finds the rest.
  .get("/", routeDocs.serviceIndex, (c) =>
    c.json({
      name: "peer-roster" as const,
      docs: "/docs" as const,
      openapi: "/openapi.json" as const,
    }),
  );
