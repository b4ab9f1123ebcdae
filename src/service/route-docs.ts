import { describeRoute } from "hono-openapi";
import * as z from "zod";
import { errorResponses, jsonResponse } from "../http/openapi.ts";

/* The OpenAPI description of each service route (./routes.ts). */

const healthSchema = z.strictObject({ status: z.literal("ok") });
const serviceIndexSchema = z.strictObject({
  name: z.literal("peer-roster"),
  docs: z.literal("/docs"),
  openapi: z.literal("/openapi.json"),
});

export const health = describeRoute({
  summary: "Liveness",
  description: "No I/O and no token.",
  tags: ["Service"],
  security: [],
  responses: { 200: jsonResponse("Alive", healthSchema), ...errorResponses(413) },
});

export const serviceIndex = describeRoute({
  summary: "Where the documentation is",
  description: "No token. Points to the interactive reference and the OpenAPI document.",
  tags: ["Service"],
  security: [],
  responses: {
    200: jsonResponse("The documentation's addresses", serviceIndexSchema),
    ...errorResponses(413),
  },
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default { health, serviceIndex };
