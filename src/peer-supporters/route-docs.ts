import { describeRoute } from "hono-openapi";
import * as z from "zod";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { publicRosterPageSchema, rosterPageSchema } from "./roster/schemas.ts";
import specExample from "./roster/spec-example.json" with { type: "json" };

/* The OpenAPI description of the roster route (./routes.ts). */

export const listRoster = describeRoute({
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
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default { listRoster };
