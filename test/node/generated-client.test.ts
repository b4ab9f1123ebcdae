import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app.ts";

const CLIENT_DIR = join(import.meta.dirname, "generated-client");

describe("a client generated from /openapi.json", () => {
  it(
    "types every parameter and body: openapi-typescript, then openapi-fetch under tsc",
    { timeout: 60_000 },
    async () => {
      // /openapi.json needs no bindings; CORS reads its one setting.
      const env = { CORS_ORIGINS: "*" } as Partial<Env>;
      const served = await app.request("/openapi.json", {}, env);
      const types = astToString(await openapiTS(await served.text()));
      writeFileSync(join(CLIENT_DIR, "api.d.ts"), types);

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
