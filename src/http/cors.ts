import { cors } from "hono/cors";
import type { MiddlewareHandler } from "hono";
import { settings } from "../settings.ts";

const EXPOSED_HEADERS = ["ETag", "X-Request-Id", "x-d1-bookmark", "Retry-After"].join(",");
const preflightByOrigins = new Map<string, MiddlewareHandler>();

/** hono's cors() for `origins`, made once per setting: it answers the preflights. */
function preflight(origins: "*" | string[]) {
  const key = String(origins);
  let middleware = preflightByOrigins.get(key);
  if (!middleware) {
    middleware = cors({
      origin: origins,
      allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "x-d1-bookmark"],
      exposeHeaders: EXPOSED_HEADERS.split(","),
      maxAge: 600,
    });
    preflightByOrigins.set(key, middleware);
  }
  return middleware;
}

/**
 * CORS from the CORS_ORIGINS setting ("*" or a comma-separated list). The
 * preflight is answered here, before authentication, so it needs no token,
 * by hono's cors(). Every other request gets the headers hono's cors() would
 * give it, but set as the response's prepared headers (c.header) rather than
 * on a placeholder response (c.res) as hono's does: a placeholder makes Hono
 * build each answer twice and copy its headers over, a measurable share of
 * every request's CPU (BENCHMARKS.md). A route may still override them (a
 * publishable key's own origins, edge-cache.ts applyKeyOrigins).
 */
export const corsFromSettings: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const origins = settings.CORS_ORIGINS(c.env);
  if (c.req.method === "OPTIONS") return preflight(origins)(c, next);
  const origin = c.req.header("Origin") ?? "";
  const allowed = origins === "*" ? "*" : origins.includes(origin) ? origin : undefined;
  if (allowed) c.header("Access-Control-Allow-Origin", allowed);
  c.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  await next();
  // On the finished response itself, as session.ts does: c.header() now would have Hono
  // build the response again around its body.
  if (origins !== "*") c.res.headers.append("Vary", "Origin");
};
