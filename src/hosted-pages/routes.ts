import { Hono, type Context } from "hono";
import { validator } from "#validator";
import { validationHook } from "../http/errors.ts";
import { applyKeyOrigins, setPublicCacheHeaders } from "../peer-supporters/public/edge-cache.ts";
import type { AppEnv } from "../app-env.ts";
import { rosterReadAccess } from "../peer-supporters/organization-access.ts";
import { listPeerSupportersQuery, type RosterQuery } from "../peer-supporters/roster/schemas.ts";
import type { Html } from "./html.ts";
import { HOSTED_CSP } from "./layout.ts";
import type { ListState } from "./links.ts";
import { hostedPageData } from "./page-data.ts";
import { listFragment, listPage } from "./render-list.ts";
import { memberNotFoundPage, memberPage } from "./render-member.ts";
import { hostedLanguage } from "./text.ts";

/*
 * The public roster as HTML, for visitors without JavaScript and for search
 * engines (docs/embed.md, "Hosted pages"): the same query, projection and edge
 * cache as the JSON route, the same key checks and rate limit. A page is a
 * top-level navigation to this origin, which sends no Origin header, so any
 * of the organization's publishable keys opens it; a cross-origin fetch of
 * the fragment meets the key's allowed origins like the JSON does.
 */

// A member id as the roster serves them; anything else is no member (a 404 page).
const MEMBER_ID = /^[1-9][0-9]{0,15}$/;

const listQuery = validator("query", listPeerSupportersQuery, validationHook);

/** The list state a page's links start from. */
function listStateOf(c: Context<AppEnv>, query: RosterQuery): ListState {
  return {
    organizationId: c.get("organization").id,
    key: c.req.query("key") ?? "",
    lang: hostedLanguage(c.req.query("lang")),
    search: query.search,
    topics: query.filters.topics,
    available: query.filters.available,
    page: query.page,
    items: query.items,
  };
}

/** An HTML answer with the pages' policy and the edge cache's state. */
function htmlResponse(
  c: Context<AppEnv>,
  body: Html,
  reads: Parameters<typeof setPublicCacheHeaders>[1][],
  status: 200 | 404 = 200,
) {
  const [first] = reads;
  if (first)
    setPublicCacheHeaders(c, {
      ...first,
      cacheStatus: reads.map((read) => read.cacheStatus).join(", "),
    });
  c.header("Content-Security-Policy", HOSTED_CSP);
  return c.html(body.markup, status);
}

/** Mounted at /o. */
export const hostedPagesRoutes = new Hono<AppEnv>()
  .get("/:organization_id/peer-supporters", ...rosterReadAccess, listQuery, async (c) => {
    const key = c.get("key");
    const refused = applyKeyOrigins(c, key.origins);
    if (refused) return refused;
    const query = c.req.valid("query");
    const state = listStateOf(c, query);
    const { value, reads } = await hostedPageData(c, state.organizationId, query);
    const origin = new URL(c.req.url).origin;
    const fragment = c.req.query("fragment") === "1";
    const body = fragment ? listFragment(origin, state, value) : listPage(origin, state, value);
    return htmlResponse(c, body, reads);
  })
  .get(
    "/:organization_id/peer-supporters/:member_id",
    ...rosterReadAccess,
    listQuery,
    async (c) => {
      const key = c.get("key");
      const refused = applyKeyOrigins(c, key.origins);
      if (refused) return refused;
      const query = c.req.valid("query");
      const listState = { ...listStateOf(c, query), search: undefined, page: 1 };
      const origin = new URL(c.req.url).origin;
      const memberId = c.req.param("member_id") ?? "";
      if (!MEMBER_ID.test(memberId))
        return htmlResponse(c, memberNotFoundPage(origin, listState), [], 404);
      const { value, reads } = await hostedPageData(
        c,
        listState.organizationId,
        {
          ...query,
          search: undefined,
          filters: { topics: [], available: false },
          page: 1,
          items: 1,
        },
        Number(memberId),
      );
      const [supporter] = value.page.peer_supporters;
      if (!supporter) return htmlResponse(c, memberNotFoundPage(origin, listState), reads, 404);
      return htmlResponse(
        c,
        memberPage(
          origin,
          listState,
          { name: value.organizationName, contactUrl: value.contactUrl },
          supporter,
        ),
        reads,
      );
    },
  );
