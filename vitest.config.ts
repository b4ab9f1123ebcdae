import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  // The same migrations wrangler applies, handed to the setup file as a test-only binding.
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      // Before either project: the Worker serves the document the build writes.
      globalSetup: ["./test/support/openapi-document.ts"],
      projects: [
        {
          // Everything that touches the Worker runs inside workerd, on real local D1 and KV.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  // The tests' webhook receiver is plain http on 127.0.0.1, and retries need no wait.
                  WEBHOOKS_ALLOW_LOCAL_HTTP: "true",
                  WEBHOOK_RETRY_BASE_SECONDS: 0,
                },
                // Fewer retries than production's 12, so the dead-letter test takes seconds.
                queueConsumers: {
                  "peer-roster-webhooks": {
                    maxBatchSize: 10,
                    maxBatchTimeout: 1,
                    maxRetries: 2,
                    deadLetterQueue: "peer-roster-webhooks-dlq",
                  },
                  "peer-roster-webhooks-dlq": { maxBatchSize: 10, maxBatchTimeout: 1 },
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/browser/**"],
            setupFiles: ["./test/support/apply-migrations.ts"],
            globalSetup: ["./test/support/webhook-receiver.ts"],
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
