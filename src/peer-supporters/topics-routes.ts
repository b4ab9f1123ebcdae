import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { jsonWithETag } from "../http/etag.ts";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { methodNotAllowed } from "../http/errors.ts";
import { applyKeyOrigins, cachedPublicJson, topicsCacheKey } from "./public-roster.ts";
import { rosterReadAccess, type RosterEnv } from "./roster-access.ts";
import { listTopics, topicsSchema } from "./topics.ts";

const TOPICS_PATH = "/:organization_id/topics";

/** The topics route, mounted beside the roster at /api/v2/organizations. */
export const topicsRoutes = new Hono<RosterEnv>()
  .get(
    TOPICS_PATH,
    describeRoute({
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
    }),
    ...rosterReadAccess,
    async (c) => {
      const organizationId = c.get("organization").id;
      const load = () => listTopics(c.var.db, organizationId, new Date());
      const key = c.get("key");
      if (key.kind === "secret") return jsonWithETag(c, await load());
      const refused = applyKeyOrigins(c, key.origins);
      if (refused) return refused;
      return cachedPublicJson(c, topicsCacheKey(c.req.url, organizationId), load);
    },
  )
  .all(TOPICS_PATH, methodNotAllowed(["GET", "HEAD"]));
