import { createMiddleware } from "hono/factory";
import { decodeUtf8Json } from "../lib/strict-utf8.ts";
import { jsonError } from "./errors.ts";

// The media types Hono's JSON validator parses; anything else it would silently read as {}.
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * 415 for a body that is not JSON and 400 for one that is not UTF-8, before
 * validation sees it (hono's own reading would turn such bytes into U+FFFD).
 */
export const requireJsonBody = createMiddleware(async (c, next) => {
  const mediaType = c.req.header("Content-Type")?.split(";")[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    return jsonError(c, 415, "Content-Type must be application/json");
  }
  // The raw bytes, which hono keeps for the validators (idempotency.ts reads them the same way).
  const decoded = decodeUtf8Json(new Uint8Array(await c.req.arrayBuffer()), "body");
  if (!decoded.ok) {
    return jsonError(c, 400, "Invalid request", {
      details: [{ field: decoded.field, message: "must be UTF-8 text" }],
    });
  }
  await next();
});
