import { createMiddleware } from "hono/factory";
import { jsonError } from "./errors.ts";

// The media types Hono's JSON validator parses; anything else it would silently read as {}.
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** 415 for a body that is not JSON, before validation sees it. */
export const requireJsonBody = createMiddleware(async (c, next) => {
  const mediaType = c.req.header("Content-Type")?.split(";")[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    return jsonError(c, 415, "Content-Type must be application/json");
  }
  await next();
});
