import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  // The same migrations wrangler applies, handed to the setup file as a test-only binding.
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      projects: [
        {
          // Everything that touches the Worker runs inside workerd, on real local D1 and KV.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/browser/**"],
            setupFiles: ["./test/apply-migrations.ts"],
          },
        },
        {
          // Tools that need Node (the OpenAPI validator compiles schemas with eval).
          test: { name: "node", include: ["test/node/**/*.test.ts"], environment: "node" },
        },
      ],
    },
  };
});
