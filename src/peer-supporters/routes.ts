import { Hono, type Context, type TypedResponse } from "hono";
import { describeRoute, validator } from "hono-openapi";
import { requireRosterKey, unauthorized, type AuthVariables } from "../auth/middleware.ts";
import { d1Session, type DatabaseVariables } from "../db/session.ts";
import { handleNotFound, methodNotAllowed, validationHook } from "../http/errors.ts";
import { jsonWithETag } from "../http/etag.ts";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { pageCount, pageOffset } from "../http/pagination.ts";
import { documentedQuery } from "../http/query-params.ts";
import { listPeerSupporters } from "./queries.ts";
import { applyKeyOrigins, cachedPublicRoster } from "./public-roster.ts";
import {
  listPeerSupportersQuery,
  organizationIdParam,
  rosterPageSchema,
  type RosterQuery,
} from "./schemas.ts";
import { serializePeerSupporter } from "./serialize.ts";
import { settings } from "../settings.ts";
import specExample from "./spec-example.json" with { type: "json" };

const ROSTER_PATH = "/:organization_id/peer_supporters";

type RosterEnv = { Bindings: Env; Variables: AuthVariables & DatabaseVariables };

/** The JSON body of one roster page: the spec's envelope and supporter objects. */
async function rosterPage(
  c: Context<RosterEnv>,
  organizationId: number,
  { search, page, items }: RosterQuery,
  approvedOnly: boolean,
) {
  const { rows, total } = await listPeerSupporters(c.var.db, {
    organizationId,
    search,
    approvedOnly,
    limit: items,
    offset: pageOffset(page, items),
  });
  const avatars = {
    assetsBaseUrl: settings.ASSETS_BASE_URL(c.env),
    defaultAvatarUrl: settings.DEFAULT_AVATAR_URL(c.env),
  };
  return {
    current_page: page,
    items,
    total_items: total,
    total_pages: pageCount(total, items),
    peer_supporters: rows.map((row) => serializePeerSupporter(row, avatars)),
  };
}

type RosterPage = Awaited<ReturnType<typeof rosterPage>>;

/** API v2, mounted at /api/v2/organizations. */
export const peerSupportersRoutes = new Hono<RosterEnv>()
  .get(
    ROSTER_PATH,
    describeRoute({
      summary: "List the organization's peer supporters",
      description:
        "Members holding the `peer_supporter` role, ordered by member id. `q` (alias `search`) is a case-insensitive substring match on first name, last name or bio, across all of Unicode. With a secret key: `pending` and `approved` members, never cached. With a publishable key (`?key=prt_pk_…` or the Authorization header): `approved` members only, `Cache-Control: public`, kept in the edge cache (`Cache-Status` says `hit` or `miss`), and only from the key's allowed origins.",
      tags: ["Peer supporters (v2)"],
      ...authenticated,
      security: [{ bearerAuth: [] }, { publishableKey: [] }],
      responses: {
        200: jsonResponse("One page of the roster", rosterPageSchema, specExample, [
          "Cache-Status",
          "Age",
        ]),
        ...notModified,
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    // A non-numeric organization id names no organization: 404, before authentication.
    validator("param", organizationIdParam, (result, c) =>
      result.success ? undefined : handleNotFound(c),
    ),
    requireRosterKey,
    d1Session,
    validator("query", listPeerSupportersQuery, validationHook, documentedQuery),
    async (c) => {
      const organization = c.get("organization");
      if (Number(c.req.valid("param").organization_id) !== organization.id) {
        return unauthorized(c, "Not Authorized", 'Bearer error="invalid_token"');
      }
      const query = c.req.valid("query");
      const key = c.get("key");
      if (key.kind === "secret") {
        return jsonWithETag(c, await rosterPage(c, organization.id, query, false));
      }
      const refused = applyKeyOrigins(c, key.origins);
      if (refused) return refused;
      const response = await cachedPublicRoster(c, organization.id, query, () =>
        rosterPage(c, organization.id, query, true),
      );
      // The same JSON, serialized once and maybe cached: typed as such for hono/client.
      return response as typeof response & TypedResponse<RosterPage, 200, "json">;
    },
  )
  .all(ROSTER_PATH, methodNotAllowed(["GET", "HEAD"]));
