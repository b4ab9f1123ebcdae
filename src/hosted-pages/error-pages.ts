import { createMiddleware } from "hono/factory";
import type { RequestIdVariables } from "hono/request-id";
import { looksPublishable } from "../auth/tokens.ts";
import { DEFAULT_PAGE_SIZE } from "../peer-supporters/roster/schemas.ts";
import { HOSTED_CSP } from "./layout.ts";
import { listUrl } from "./links.ts";
import { errorPage } from "./render-error.ts";
import { hostedLanguage } from "./text.ts";

const LIST_PATH = /^\/o\/([1-9][0-9]{0,15})\/peer-supporters(?:\/|$)/;

/** The list page to start over from after a 400: the one the request meant, without its bad input. */
function startOverUrl(url: URL, lang: ReturnType<typeof hostedLanguage>): string | undefined {
  const organizationId = LIST_PATH.exec(url.pathname)?.[1];
  const keys = url.searchParams.getAll("key");
  const [key] = keys;
  if (organizationId === undefined || keys.length !== 1 || !key || !looksPublishable(key)) {
    return undefined;
  }
  return listUrl(url.origin, {
    organizationId: Number(organizationId),
    key,
    lang,
    search: undefined,
    topics: [],
    available: false,
    page: 1,
    items: DEFAULT_PAGE_SIZE,
  });
}

/**
 * Mounted on /o/* before anything that can refuse a request: whatever
 * answered an error there (the key checks, a validator, a rate limit, the
 * error handler's 503 or 500, not-found) answered for the JSON API, and a
 * visitor's browser gets an HTML page instead, in the page's language, with
 * the same status and headers (Retry-After, WWW-Authenticate, Vary) and the
 * pages' CSP. Pages the routes render themselves are left as they are.
 */
export const hostedErrorPages = createMiddleware<{ Variables: RequestIdVariables }>(
  async (c, next) => {
    await next();
    const { status, headers } = c.res;
    if (status < 400 || headers.get("Content-Type")?.startsWith("text/html")) return;
    // Parsed here, not through c.req.query(): this must answer whatever the query holds.
    const url = new URL(c.req.url);
    const lang = hostedLanguage(url.searchParams.get("lang") ?? undefined);
    const retryAfter = Number.parseInt(headers.get("Retry-After") ?? "", 10);
    const page = errorPage({
      lang,
      status,
      retryAfter: Number.isNaN(retryAfter) ? undefined : retryAfter,
      reference: status >= 500 ? c.get("requestId") : undefined,
      startOver: status === 400 ? startOverUrl(url, lang) : undefined,
    });
    const pageHeaders = new Headers(headers);
    pageHeaders.delete("Content-Length");
    pageHeaders.set("Content-Type", "text/html; charset=UTF-8");
    pageHeaders.set("Content-Security-Policy", HOSTED_CSP);
    // Unset first: Hono would otherwise copy the JSON answer's headers over these.
    c.res = undefined;
    c.res = new Response(page.markup, { status, headers: pageHeaders });
  },
);
