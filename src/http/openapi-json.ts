import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * Where the build puts the OpenAPI document among the static assets
 * (scripts/write-openapi.ts): at the path the Worker serves it on, which
 * `run_worker_first` in wrangler.toml keeps from being served without it.
 */
export const OPENAPI_PATH = "/openapi.json";

// The file's text, read once per isolate: it changes only with a deploy.
let documentText: string | undefined;

/**
 * GET /openapi.json: the document the build generated from the routes, read
 * from the static assets, so the generator and the route docs stay out of the
 * Worker's bundle. A missing file is a 500: the build did not run.
 */
export async function serveOpenApiDocument(c: Context<AppEnv>) {
  if (documentText === undefined) {
    const asset = await c.env.ASSETS.fetch(new URL(OPENAPI_PATH, c.req.url));
    if (!asset.ok) {
      throw new Error(
        `${OPENAPI_PATH} is not among the static assets (${String(asset.status)}): run npm run build:assets`,
      );
    }
    documentText = await asset.text();
  }
  return c.body(documentText, 200, { "Content-Type": "application/json" });
}
