import { createMiddleware } from "hono/factory";
import { jsonError } from "../http/errors.ts";
import { createDatabase, type Database } from "./client.ts";

const BOOKMARK_HEADER = "x-d1-bookmark";
// Hex groups ("00000000-00000004-00000000-…"); anything else never reaches D1.
const BOOKMARK = /^[0-9a-f]{1,64}(-[0-9a-f]{1,64}){1,7}$/i;

export type DatabaseVariables = { db: Database };

/**
 * One D1 session per request (the Sessions API), so reads may be served by a
 * read replica. A client that sends back the `x-d1-bookmark` of an earlier
 * response reads at least that state, its own writes included; every response
 * carries the session's latest bookmark.
 */
export const d1Session = createMiddleware<{ Bindings: Env; Variables: DatabaseVariables }>(
  async (c, next) => {
    const bookmark = c.req.header(BOOKMARK_HEADER);
    if (bookmark !== undefined && !BOOKMARK.test(bookmark)) {
      return jsonError(c, 400, `Invalid ${BOOKMARK_HEADER}`);
    }
    const session = c.env.DB.withSession(bookmark ?? "first-unconstrained");
    c.set("db", createDatabase(session));
    await next();
    const latest = session.getBookmark();
    // On the finished response itself: c.header() now would have Hono build the response
    // again around its body, on every request (every route here returns a response it made).
    if (latest) c.res.headers.set(BOOKMARK_HEADER, latest);
  },
);
