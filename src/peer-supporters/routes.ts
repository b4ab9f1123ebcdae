import { Hono, type Context, type TypedResponse } from "hono";
import { describeRoute, validator } from "hono-openapi";
import * as z from "zod";
import { methodNotAllowed, validationHook } from "../http/errors.ts";
import { jsonWithETag } from "../http/etag.ts";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { documentedQuery } from "../http/query-params.ts";
import { avatarSettings } from "./avatars.ts";
import { managedRosterRoutes } from "./manage-routes.ts";
import {
  listOptions,
  publicRosterPage,
  rosterEnvelope,
  type PublicRosterPage,
} from "./public-page.ts";
import { listPeerSupporters } from "./queries.ts";
import { applyKeyOrigins, cachedPublicJson, rosterCacheKey } from "./public-roster.ts";
import { rosterReadAccess, type RosterEnv } from "./roster-access.ts";
import { topicsRoutes } from "./topics-routes.ts";
import {
  listPeerSupportersQuery,
  publicRosterPageSchema,
  rosterPageSchema,
  type RosterQuery,
} from "./schemas.ts";
import { serializePeerSupporter } from "./serialize.ts";
import specExample from "./spec-example.json" with { type: "json" };

const ROSTER_PATH = "/:organization_id/peer_supporters";

/** The JSON body of one roster page for a secret key: the spec's envelope and supporter objects. */
async function rosterPage(c: Context<RosterEnv>, organizationId: number, query: RosterQuery) {
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
export const peerSupportersRoutes = new Hono<RosterEnv>()
  .get(
    ROSTER_PATH,
    describeRoute({
      summary: "List the organization's peer supporters",
      description:
        "Members holding the `peer_supporter` role, ordered by member id. `q` (alias `search`) is a case-insensitive substring match on the name as shown (`full_name`), the last name or the bio, across all of Unicode. With a secret key: `pending` and `approved` members, listed or not, as the spec's `PeerSupporter` objects, never cached. With a publishable key (`?key=prt_pk_…` or the Authorization header): only the members the public page shows (`approved`, `listed`, and not linked to a peer mentor whose certification has expired or who is paused), `q` matching the name as shown (first name and last initial) or the bio only (the rest of the last name is not public), as `PublicPeerSupporter` objects (no last name, user id or time zone; `recovery_status` only where the organization's public roster settings include it), `Cache-Control: public`, kept in the edge cache (`Cache-Status` says `hit` or `miss`), and only from the key's allowed origins.",
      tags: ["Peer supporters (v2)"],
      ...authenticated,
      security: [{ bearerAuth: [] }, { publishableKey: [] }],
      responses: {
        200: jsonResponse(
          "One page of the roster: the spec's `PeerSupporter` objects for a secret key, the `PublicPeerSupporter` projection for a publishable key",
          z.union([rosterPageSchema, publicRosterPageSchema]),
          specExample,
          ["Cache-Status", "Age"],
        ),
        ...notModified,
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
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
