import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { OPENAPI_FILE } from "../../scripts/lib/assets.ts";

const CLIENT_DIR = join(import.meta.dirname, "generated-client");
const CLIENT_GUIDE = join(import.meta.dirname, "..", "..", "docs", "client.md");
const EXAMPLE_MARKER = "<!-- type-checked by test/node/generated-client.test.ts";

/** The client guide's example: the ```ts block after its marker, importing the generated types. */
function guideExample(): string {
  const guide = readFileSync(CLIENT_GUIDE, "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(guide.slice(guide.indexOf(EXAMPLE_MARKER)));
  expect(guide).toContain(EXAMPLE_MARKER);
  expect(block?.[1]).toContain('from "./peer-roster.d.ts"');
  return (block?.[1] ?? "").replace('"./peer-roster.d.ts"', '"./api.d.ts"');
}

describe("a client generated from /openapi.json", () => {
  it(
    "types every parameter and body: openapi-typescript, then openapi-fetch under tsc, the client guide's example too",
    { timeout: 60_000 },
    async () => {
      // What the Worker serves (test/node/openapi-document.test.ts checks it is the generator's).
      const types = astToString(await openapiTS(readFileSync(OPENAPI_FILE, "utf8")));
      writeFileSync(join(CLIENT_DIR, "api.d.ts"), types);
      writeFileSync(join(CLIENT_DIR, "guide-example.ts"), guideExample());

      const tsc = spawnSync(
        process.execPath,
        [join("node_modules", "typescript", "bin", "tsc"), "-p", join(CLIENT_DIR, "tsconfig.json")],
        { encoding: "utf8" },
      );
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.status).toBe(0);
    },
  );
});
