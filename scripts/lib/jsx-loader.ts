// Lets a Node script import the Worker's modules whole: Node strips types from .ts files
// itself, but the console's pages (src/console/**/*.tsx) are JSX, which esbuild compiles
// here as wrangler's build does (tsconfig.json: react-jsx with hono/jsx). Import this first.
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith("file:") || !url.endsWith(".tsx")) return nextLoad(url, context);
    const file = fileURLToPath(url);
    const { code } = transformSync(readFileSync(file, "utf8"), {
      loader: "tsx",
      format: "esm",
      jsx: "automatic",
      jsxImportSource: "hono/jsx",
      sourcefile: file,
    });
    return { format: "module", source: code, shortCircuit: true };
  },
});
