import { sValidator } from "@hono/standard-validator";
import type { validator as documentedValidator } from "hono-openapi";

/*
 * What `#validator` is in the Worker (package.json "imports", condition
 * "workerd"): the middleware that hono-openapi's validator wraps, which it
 * calls with the same target, schema and hook; hono-openapi's adds only the
 * schema it records for the generator, which runs in Node (src/http/validator.ts).
 */
export const validator = sValidator as unknown as typeof documentedValidator;
