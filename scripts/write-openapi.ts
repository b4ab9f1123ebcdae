// npm run lint:openapi, first step: writes the document the Worker serves at
// /openapi.json to .wrangler/openapi.json, for tools that read a file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import "./lib/jsx-loader.ts";
import { PROJECT_ROOT } from "./lib/bindings.ts";

// After the loader: the app includes the console's JSX pages.
const { openApiDocument } = await import("../src/app.ts");

const file = join(PROJECT_ROOT, ".wrangler", "openapi.json");
mkdirSync(join(PROJECT_ROOT, ".wrangler"), { recursive: true });
writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
console.error(`Wrote ${file}`);
