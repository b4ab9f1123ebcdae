import { Hono } from "hono";
import { describeRoute, validator } from "hono-openapi";
import { requireToken, unauthorized, type AuthVariables } from "../auth/middleware.ts";
import { d1Session, type DatabaseVariables } from "../db/session.ts";
import { handleNotFound, methodNotAllowed, validationHook } from "../http/errors.ts";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { pageCount, pageOffset } from "../http/pagination.ts";
import { listPeerSupporters } from "./queries.ts";
import { listPeerSupportersQuery, organizationIdParam, rosterPageSchema } from "./schemas.ts";
import { serializePeerSupporter } from "./serialize.ts";
import specExample from "./spec-example.json" with { type: "json" };

const ROSTER_PATH = "/:organization_id/peer_supporters";

/** API v2, mounted at /api/v2/organizations. */
export const peerSupportersRoutes = new Hono<{
  Bindings: Env;
  Variables: AuthVariables & DatabaseVariables;
}>()
  .get(
    ROSTER_PATH,
    describeRoute({
      summary: "List the organization's peer supporters",
      description:
        "Members holding the `peer_supporter` role, ordered by member id. `q` (alias `search`) is a case-insensitive substring match on first name, last name or bio, across all of Unicode.",
      tags: ["Peer supporters (v2)"],
      ...authenticated,
      responses: {
        200: jsonResponse("One page of the roster", rosterPageSchema, specExample),
        ...notModified,
        ...errorResponses(400, 401, 404, 429),
      },
    }),
    // A non-numeric organization id names no organization: 404, before authentication.
    validator("param", organizationIdParam, (result, c) =>
      result.success ? undefined : handleNotFound(c),
    ),
    requireToken,
    d1Session,
    validator("query", listPeerSupportersQuery, validationHook),
    async (c) => {
      const organization = c.get("organization");
      if (Number(c.req.valid("param").organization_id) !== organization.id) {
        return unauthorized(c, "Not Authorized", 'Bearer error="invalid_token"');
      }
      const { search, page, items } = c.req.valid("query");
      const { rows, total } = await listPeerSupporters(c.var.db, {
        organizationId: organization.id,
        search,
        limit: items,
        offset: pageOffset(page, items),
      });
      const avatars = {
        assetsBaseUrl: c.env.ASSETS_BASE_URL,
        defaultAvatarUrl: c.env.DEFAULT_AVATAR_URL,
      };
      return c.json({
        current_page: page,
        items,
        total_items: total,
        total_pages: pageCount(total, items),
        peer_supporters: rows.map((row) => serializePeerSupporter(row, avatars)),
      });
    },
  )
  .all(ROSTER_PATH, methodNotAllowed(["GET", "HEAD"]));
