import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/lib/project-root.ts";
import { runCaptured } from "../../scripts/lib/steps.ts";
import { WRANGLER, wranglerEnv } from "../../scripts/lib/wrangler.ts";

// What only the build needs, to generate /openapi.json: none of it may reach the Worker.
const BUILD_ONLY =
  /hono-openapi|@standard-community|(?<!in-worker\/)route-docs\.ts$|spec-examples?\.|src\/http\/(openapi|openapi-document|validator)\.ts$/;

describe("the Worker's bundle", () => {
  it(
    "holds no route docs and no OpenAPI generator: it serves the document the build wrote",
    { timeout: 60_000 },
    () => {
      const outdir = mkdtempSync(join(tmpdir(), "peer-roster-bundle-"));
      try {
        const metafile = join(outdir, "meta.json");
        runCaptured(
          process.execPath,
          [WRANGLER, "deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile],
          { cwd: PROJECT_ROOT, env: wranglerEnv, failure: "wrangler deploy --dry-run failed." },
        );
        // Every module the bundler loaded, used or not.
        const inputs = Object.keys(
          (JSON.parse(readFileSync(metafile, "utf8")) as { inputs: object }).inputs,
        );
        expect(inputs.filter((input) => BUILD_ONLY.test(input))).toEqual([]);
        // package.json "imports" gave the bundle the Worker's stand-ins.
        expect(inputs).toContain("src/http/in-worker/route-docs.ts");
        expect(inputs).toContain("src/http/in-worker/validator.ts");
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
  );
});
