import { execFile } from "node:child_process";
import { watch as watchFiles } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { context, type BuildOptions } from "esbuild";
import { PROJECT_ROOT } from "./project-root.ts";

/** public/: what Workers Static Assets serve; its generated files are ignored by git. */
const PUBLIC_DIR = join(PROJECT_ROOT, "public");
export const WIDGET_FILE = join(PUBLIC_DIR, "embed", "peer-supporters.js");
/** The widget's budget: `npm run bench` reports its gzip size against it. */
export const WIDGET_MAX_GZIP_KIB = 10;
/**
 * The OpenAPI document the Worker serves at /openapi.json (src/http/openapi-json.ts
 * names its path), as generated from the routes by scripts/write-openapi.ts.
 */
export const OPENAPI_FILE = join(PUBLIC_DIR, "openapi.json");
// src/http/docs.ts names this path (API_REFERENCE_SCRIPT) in the /docs page.
const API_REFERENCE_FILE = join(PUBLIC_DIR, "docs-assets", "api-reference.js");

/** Scalar's single-file browser bundle: no chunks to fetch, so a nonce-based CSP holds. */
async function copyApiReference() {
  // The package exports no path to it: it sits beside the entry point, in dist/.
  const entry = createRequire(import.meta.url).resolve("@scalar/api-reference");
  const bundle = join(dirname(entry), "browser", "standalone.js");
  await mkdir(dirname(API_REFERENCE_FILE), { recursive: true });
  await copyFile(bundle, API_REFERENCE_FILE);
}

const widgetBuild: BuildOptions = {
  entryPoints: [join(PROJECT_ROOT, "src", "widget", "peer-supporters-directory.ts")],
  outfile: WIDGET_FILE,
  bundle: true,
  format: "esm",
  minify: true,
  // Browsers of the last few years; the widget needs nothing newer.
  target: "es2022",
  legalComments: "none",
  logLevel: "warning",
};

/**
 * Writes OPENAPI_FILE (and .wrangler/openapi.json) in a Node process of its
 * own: the Worker's modules load there with the JSX loader, and afresh each time.
 */
export async function writeOpenApiDocument(): Promise<void> {
  await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, "scripts", "write-openapi.ts")], {
    cwd: PROJECT_ROOT,
  });
}

/** Writes the OpenAPI document again after any change under src/, one run at a time. */
function watchOpenApiDocument() {
  let pending: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  watchFiles(join(PROJECT_ROOT, "src"), { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      running = running.then(writeOpenApiDocument).catch((error: unknown) => {
        console.error("/openapi.json not rewritten:", error);
      });
    }, 200);
  });
}

/**
 * Builds the widget, writes the OpenAPI document and copies the API
 * reference's script into public/; with `watch`, keeps rebuilding the widget
 * and the document on change (npm run dev).
 */
export async function buildAssets({ watch = false }: { watch?: boolean } = {}): Promise<void> {
  const openApi = writeOpenApiDocument();
  await copyApiReference();
  const build = await context(widgetBuild);
  await build.rebuild();
  await openApi;
  if (watch) {
    await build.watch();
    watchOpenApiDocument();
  } else await build.dispose();
}
