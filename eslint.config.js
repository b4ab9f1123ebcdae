import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "node_modules/",
    ".wrangler/",
    "worker-configuration.d.ts",
    "migrations/",
    // Built or copied by scripts/build-assets.ts.
    "public/embed/",
    "public/docs-assets/",
    // Type-checked by test/node/generated-client.test.ts against types it generates.
    "test/node/generated-client/",
  ]),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Template literals with numbers are the clearest way to build ids and messages.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `const { phone, ...rest } = record` is how a field is left out.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
);
