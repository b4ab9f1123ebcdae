import { cors } from "hono/cors";
import type { MiddlewareHandler } from "hono";

const corsByOrigins = new Map<string, MiddlewareHandler>();

/**
 * CORS from the CORS_ORIGINS setting ("*" or a comma-separated list). The
 * preflight is answered here, before authentication, so it needs no token.
 */
export const corsFromSettings: MiddlewareHandler<{ Bindings: Env }> = (c, next) => {
  const setting = c.env.CORS_ORIGINS.trim() || "*";
  let middleware = corsByOrigins.get(setting);
  if (!middleware) {
    middleware = cors({
      origin: setting === "*" ? "*" : setting.split(",").map((origin) => origin.trim()),
      allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "x-d1-bookmark"],
      exposeHeaders: ["ETag", "X-Request-Id", "x-d1-bookmark", "Retry-After"],
      maxAge: 600,
    });
    corsByOrigins.set(setting, middleware);
  }
  return middleware(c, next);
};
