import { Hono, type Context, type TypedResponse } from "hono";
import { validator } from "#validator";
import type { AppEnv } from "../app-env.ts";
import { methodNotAllowed, validationHook } from "../http/errors.ts";
import { jsonWithETag } from "../http/etag.ts";
import { documentedQuery } from "../http/query-params.ts";
import { avatarSettings } from "./roster/avatars.ts";
import { managedRosterRoutes } from "./manage/routes.ts";
import {
  listOptions,
  publicRosterPage,
  rosterEnvelope,
  type PublicRosterPage,
} from "./public/page.ts";
import { listPeerSupporters } from "./roster/queries.ts";
import { applyKeyOrigins, cachedPublicJson, rosterCacheKey } from "./public/edge-cache.ts";
import { rosterReadAccess } from "./organization-access.ts";
import routeDocs from "#route-docs/peer-supporters";
import { topicsRoutes } from "./topics/routes.ts";
import { listPeerSupportersQuery, type RosterQuery } from "./roster/schemas.ts";
import { serializePeerSupporter } from "./roster/serialize.ts";

const ROSTER_PATH = "/:organization_id/peer_supporters";

/** The JSON body of one roster page for a secret key: the spec's envelope and supporter objects. */
async function rosterPage(c: Context<AppEnv>, organizationId: number, query: RosterQuery) {
  const { rows, total } = await listPeerSupporters(c.var.db, {
    ...listOptions(organizationId, query),
  });
  const avatars = avatarSettings(c.env);
  return rosterEnvelope(
    query,
    total,
    rows.map((row) => serializePeerSupporter(row, avatars)),
  );
}

/** API v2, mounted at /api/v2/organizations. */
export const peerSupportersRoutes = new Hono<AppEnv>()
  .get(
    ROSTER_PATH,
    routeDocs.listRoster,
    ...rosterReadAccess,
    validator("query", listPeerSupportersQuery, validationHook, documentedQuery),
    async (c) => {
      const organization = c.get("organization");
      const query = c.req.valid("query");
      const key = c.get("key");
      if (key.kind === "secret") {
        return jsonWithETag(c, await rosterPage(c, organization.id, query));
      }
      const refused = applyKeyOrigins(c, key.origins);
      if (refused) return refused;
      const response = await cachedPublicJson(
        c,
        rosterCacheKey(c.req.url, organization.id, query),
        () => publicRosterPage(c.var.db, c.env, organization.id, query),
      );
      // The same JSON, serialized once and maybe cached: typed as such for hono/client.
      return response as typeof response & TypedResponse<PublicRosterPage, 200, "json">;
    },
  )
  .route("/", topicsRoutes)
  .route("/", managedRosterRoutes)
  .all(ROSTER_PATH, methodNotAllowed(["GET", "HEAD", "POST"]));
