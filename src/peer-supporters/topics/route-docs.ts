import { describeRoute } from "hono-openapi";
import { authenticated, errorResponses, jsonResponse, notModified } from "../../http/openapi.ts";
import { topicsSchema } from "./queries.ts";

/* The OpenAPI description of the topics route (./routes.ts). */

export const listTopics = describeRoute({
  summary: "List the organization's topics",
  description:
    "The topics of the members the public roster shows (the organization's topic labels and the interests of active platform-level profiles), one entry per topic however it is spelled (compared as `q` compares), with how many of those members carry it: most carried first, then in Norwegian alphabetical order. For filter chips: pass an entry's `topic` as the roster's `topic`. With a publishable key it is cached and served like the public roster (`Cache-Control: public`, `Cache-Status`, the key's allowed origins); with a secret key the same counts, never cached.",
  tags: ["Peer supporters (v2)"],
  ...authenticated,
  security: [{ bearerAuth: [] }, { publishableKey: [] }],
  responses: {
    200: jsonResponse(
      "The organization's topics",
      topicsSchema,
      { data: [{ topic: "PTSD", count: 3 }] },
      ["Cache-Status", "Age"],
    ),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default { listTopics };
