import { Hono, type Context } from "hono";
import { validator } from "#validator";
import { validationHook } from "../http/errors.ts";
import { strongETag } from "../http/etag.ts";
import {
  applyKeyOrigins,
  setPublicCacheHeaders,
  type CachedRead,
} from "../peer-supporters/public/edge-cache.ts";
import { ageOf, freshHotCopy, keepHotCopy } from "../peer-supporters/public/hot-copies.ts";
import { settings } from "../settings.ts";
import type { AppEnv } from "../app-env.ts";
import { rosterReadAccess } from "../peer-supporters/organization-access.ts";
import { listPeerSupportersQuery, type RosterQuery } from "../peer-supporters/roster/schemas.ts";
import { generateToken } from "../auth/tokens.ts";
import { Html } from "./html.ts";
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

/** A page's markup and its ETag: the strong one hono's etag() would hash from the response. */
type Page = { markup: string; etag: string };

const pageOf = async (body: Html): Promise<Page> => ({
  markup: body.markup,
  etag: await strongETag(body.markup),
});

/**
 * Where a list page kept in memory (renderedOnce) has the request's key: a
 * random stand-in of a key's own shape, so it is encoded as a key is in every
 * link, and no name or bio can hold it by chance. Made at the first page:
 * Workers make no random values at start-up.
 */
let keyStandIn: string | undefined;

/**
 * The list page `render(key)` makes of `reads`, made once per isolate for the
 * same request and the same reads (by their ETags) while every read is fresh,
 * then given the request's own key: kept beside the reads' own copies
 * (hot-copies.ts) for as long as the oldest of them, so a page never outlives
 * what it shows. One copy serves every key of the organization.
 */
async function renderedOnce(
  c: Context<AppEnv>,
  reads: CachedRead[],
  { request, key }: { request: string; key: string },
  render: (key: string) => Html,
): Promise<Page> {
  const maxAge = settings.PUBLIC_ROSTER_MAX_AGE(c.env);
  const memoryKey = `hosted:${request}:${reads.map((read) => read.etag).join(",")}`;
  const standIn = (keyStandIn ??= generateToken("publishable"));
  let template = freshHotCopy(memoryKey, maxAge)?.copy.body;
  if (template === undefined) {
    template = render(standIn).markup;
    const storedAt = Math.min(...reads.map((read) => read.copy?.storedAt ?? Number.NaN));
    if (ageOf(storedAt) < maxAge) keepHotCopy(memoryKey, { body: template, etag: "", storedAt });
  }
  return pageOf(new Html(template.replaceAll(standIn, key)));
}

/** An HTML answer with the pages' policy and the edge cache's state; a 200 carries its ETag. */
function htmlResponse(
  c: Context<AppEnv>,
  page: Page,
  reads: CachedRead[],
  status: 200 | 404 = 200,
) {
  const [first] = reads;
  if (first)
    setPublicCacheHeaders(c, {
      ...first,
      cacheStatus: reads.map((read) => read.cacheStatus).join(", "),
    });
  c.header("Content-Security-Policy", HOSTED_CSP);
  if (status === 200) c.header("ETag", page.etag);
  return c.html(page.markup, status);
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
    const page = await renderedOnce(
      c,
      reads,
      {
        request: `${fragment ? "fragment" : "page"} ${origin} ${JSON.stringify({ ...state, key: "" })}`,
        key: state.key,
      },
      (key) =>
        fragment
          ? listFragment(origin, { ...state, key }, value)
          : listPage(origin, { ...state, key }, value),
    );
    return htmlResponse(c, page, reads);
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
        return htmlResponse(c, await pageOf(memberNotFoundPage(origin, listState)), [], 404);
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
      if (!supporter) {
        return htmlResponse(c, await pageOf(memberNotFoundPage(origin, listState)), reads, 404);
      }
      const organization = { name: value.organizationName, contactUrl: value.contactUrl };
      return htmlResponse(
        c,
        await pageOf(memberPage(origin, listState, organization, supporter)),
        reads,
      );
    },
  );
