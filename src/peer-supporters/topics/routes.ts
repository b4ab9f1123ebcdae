import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { jsonWithETag } from "../../http/etag.ts";
import { methodNotAllowed } from "../../http/errors.ts";
import { applyKeyOrigins, cachedPublicJson, topicsCacheKey } from "../public/edge-cache.ts";
import { rosterReadAccess } from "../organization-access.ts";
import routeDocs from "#route-docs/peer-supporters/topics";
import { listTopics } from "./queries.ts";

const TOPICS_PATH = "/:organization_id/topics";

/** The topics route, mounted beside the roster at /api/v2/organizations. */
export const topicsRoutes = new Hono<AppEnv>()
  .get(TOPICS_PATH, routeDocs.listTopics, ...rosterReadAccess, async (c) => {
    const organizationId = c.get("organization").id;
    const load = () => listTopics(c.var.db, organizationId, new Date());
    const key = c.get("key");
    if (key.kind === "secret") return jsonWithETag(c, await load());
    const refused = applyKeyOrigins(c, key.origins);
    if (refused) return refused;
    return cachedPublicJson(c, topicsCacheKey(c.req.url, organizationId), load);
  })
  .all(TOPICS_PATH, methodNotAllowed(["GET", "HEAD"]));
