/*
 * What `#validator` is outside the Worker (package.json "imports"): hono-openapi's
 * validator, which also records each schema for the OpenAPI document that
 * scripts/write-openapi.ts generates. The Worker gets src/http/in-worker/validator.ts.
 */
export { validator } from "hono-openapi";
