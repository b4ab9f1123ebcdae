import { createMiddleware } from "hono/factory";
import type { RequestIdVariables } from "hono/request-id";
import { routePath } from "hono/route";
import type { AuthVariables } from "../auth/middleware.ts";

/**
 * One JSON line per request. The route is the matched pattern, never the URL,
 * so no ids, query strings (search terms), tokens or bodies reach the logs.
 */
export const requestLog = createMiddleware<{
  Variables: RequestIdVariables & Partial<AuthVariables>;
}>(async (c, next) => {
  const started = Date.now();
  await next();
  console.log(
    JSON.stringify({
      level: "info",
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
