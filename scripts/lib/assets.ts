import { join } from "node:path";
import { context, type BuildOptions } from "esbuild";
import { PROJECT_ROOT } from "./bindings.ts";

/** public/: what Workers Static Assets serve; its generated files are ignored by git. */
export const PUBLIC_DIR = join(PROJECT_ROOT, "public");
export const WIDGET_FILE = join(PUBLIC_DIR, "embed", "peer-supporters.js");

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

/** Builds the widget into public/; with `watch`, keeps rebuilding it on change (npm run dev). */
export async function buildAssets({ watch = false }: { watch?: boolean } = {}): Promise<void> {
  const build = await context(widgetBuild);
  await build.rebuild();
  if (watch) await build.watch();
  else await build.dispose();
}
