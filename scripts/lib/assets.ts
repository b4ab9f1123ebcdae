import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { context, type BuildOptions } from "esbuild";
import { PROJECT_ROOT } from "./bindings.ts";

/** public/: what Workers Static Assets serve; its generated files are ignored by git. */
const PUBLIC_DIR = join(PROJECT_ROOT, "public");
export const WIDGET_FILE = join(PUBLIC_DIR, "embed", "peer-supporters.js");
/** The widget's budget: `npm run bench` reports its gzip size against it. */
export const WIDGET_MAX_GZIP_KIB = 10;
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
 * Builds the widget and copies the API reference's script into public/; with
 * `watch`, keeps rebuilding the widget on change (npm run dev).
 */
export async function buildAssets({ watch = false }: { watch?: boolean } = {}): Promise<void> {
  await copyApiReference();
  const build = await context(widgetBuild);
  await build.rebuild();
  if (watch) await build.watch();
  else await build.dispose();
}
