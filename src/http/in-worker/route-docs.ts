import type { MiddlewareHandler } from "hono";

/*
 * What every `#route-docs/<surface>` import is in the Worker (package.json
 * "imports", condition "workerd": wrangler's bundle and the workers tests).
 * The Worker serves the OpenAPI document the build generated in Node from the
 * real route docs (src/<surface>/route-docs.ts), so it needs none of them:
 * each route's description is a pass-through here, and their text, their
 * examples and the generator stay out of the bundle.
 */

const passThrough: MiddlewareHandler = async (_c, next) => {
  await next();
};

/** Any route's description: a middleware that only passes on. */
export default new Proxy({}, { get: () => passThrough });
