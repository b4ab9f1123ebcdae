import { createMiddleware } from "hono/factory";
import type { RequestIdVariables } from "hono/request-id";
import { routePath } from "hono/route";
import type { AuthVariables } from "../auth/middleware.ts";

/**
 * One JSON line per request answered with an error (status 400 and up), so a
 * caller's `X-Request-Id` can be traced. Successful requests write none: the
 * platform's metrics count them by status, and a line per request was a
 * measurable share of each read's CPU (BENCHMARKS.md). The route is the
 * matched pattern, never the URL, so no ids, query strings (search terms),
 * tokens or bodies reach the logs.
 */
export const requestLog = createMiddleware<{
  Variables: RequestIdVariables & Partial<AuthVariables>;
}>(async (c, next) => {
  const started = Date.now();
  await next();
  if (c.res.status < 400) return;
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? "error" : "warn",
      event: "request",
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      duration_ms: Date.now() - started,
      request_id: c.get("requestId"),
      organization_id: c.get("organization")?.id ?? null,
    }),
  );
});
