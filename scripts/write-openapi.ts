// Generates the OpenAPI document from the routes and writes it where the Worker
// serves it from (public/openapi.json, byte for byte the /openapi.json body), and
// readably to .wrangler/openapi.json for the linters (npm run lint:openapi).
// buildAssets runs it (npm run build, dev, deploy), and so do the tests' setup.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import "./lib/jsx-loader.ts";
import { OPENAPI_FILE } from "./lib/assets.ts";
import { PROJECT_ROOT } from "./lib/bindings.ts";

// After the loader: the app includes the console's JSX pages.
const [{ app }, { buildOpenApiDocument }] = await Promise.all([
  import("../src/app.ts"),
  import("../src/http/openapi-document.ts"),
]);

// `app` is a Hono instance; chaining only widened its type parameters, which the rule mistakes for another class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
const document = await buildOpenApiDocument(app);

const WRANGLER_DIR = join(PROJECT_ROOT, ".wrangler");
mkdirSync(WRANGLER_DIR, { recursive: true });

/**
 * Writes whole or not at all (`wrangler dev` serves the file while it is
 * rewritten), through a file outside public/, which would be deployed.
 */
function replaceFile(file: string, text: string) {
  const partial = join(WRANGLER_DIR, `${basename(file)}.partial`);
  writeFileSync(partial, text);
  renameSync(partial, file);
}

replaceFile(OPENAPI_FILE, JSON.stringify(document));
const readable = join(WRANGLER_DIR, "openapi.json");
replaceFile(readable, JSON.stringify(document, null, 2));
console.error(`Wrote ${OPENAPI_FILE} and ${readable}`);
