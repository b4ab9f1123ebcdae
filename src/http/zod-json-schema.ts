/*
 * What the OpenAPI generator (@standard-community/standard-json) loads with
 * `await import("zod/v4/core")`: wrangler.toml's [alias] points that import
 * here. A dynamic import keeps a module's every export, and zod/v4/core
 * re-exports all of zod's locales, which was more than half the Worker's
 * bundle; this module hands over the one function the generator uses.
 */
export { toJSONSchema } from "zod";
