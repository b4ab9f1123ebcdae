import { cors } from "hono/cors";
import type { MiddlewareHandler } from "hono";
import { settings } from "../settings.ts";

const corsByOrigins = new Map<string, MiddlewareHandler>();

/**
 * CORS from the CORS_ORIGINS setting ("*" or a comma-separated list). The
 * preflight is answered here, before authentication, so it needs no token.
 */
export const corsFromSettings: MiddlewareHandler<{ Bindings: Env }> = (c, next) => {
  const origins = settings.CORS_ORIGINS(c.env);
  const key = String(origins);
  let middleware = corsByOrigins.get(key);
  if (!middleware) {
    middleware = cors({
      origin: origins,
      allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "x-d1-bookmark"],
      exposeHeaders: ["ETag", "X-Request-Id", "x-d1-bookmark", "Retry-After"],
      maxAge: 600,
    });
    corsByOrigins.set(key, middleware);
  }
  return middleware(c, next);
};
