import { join } from "node:path";
import { defineConfig } from "vitest/config";

// npm run test:browser: a real Chromium against `wrangler dev` (global-setup.ts starts it).
export default defineConfig({
  test: {
    name: "browser",
    root: join(import.meta.dirname, "..", ".."),
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One browser and one server: the files share them, one at a time.
    fileParallelism: false,
  },
});
