import * as z from "zod";
import { codePointLength } from "../lib/text-length.ts";
import { UNSAFE_TEXT, unsafeTextProblem } from "../lib/safe-text.ts";
import type { IssueRule } from "../lib/issue-rule.ts";
import { MAX_PAGE } from "./pagination.ts";

const MAX_SEARCH_LENGTH = 200;

/** A query parameter's value; a repeated parameter arrives as an array and its first value counts. */
export const firstValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value[0] : value));

/**
 * A search term: trimmed, blank means none, at most 200 code points, and no
 * character that no stored text can hold (a NUL would also cut the index's
 * query short inside SQLite).
 */
export const searchTerm = firstValue
  .transform((value) => value?.trim() || undefined)
  .refine((value) => value === undefined || codePointLength(value) <= MAX_SEARCH_LENGTH, {
    message: `must be at most ${MAX_SEARCH_LENGTH} characters`,
    params: { rule: "max_characters", maximum: MAX_SEARCH_LENGTH } satisfies IssueRule,
  })
  .superRefine((value, ctx) => {
    const message = value === undefined ? undefined : unsafeTextProblem(value);
    if (message) ctx.addIssue({ code: "custom", message, params: UNSAFE_TEXT });
  });

type ParameterSchema = Record<string, unknown>;
const documentedSchemas = new WeakMap<object, ParameterSchema>();

/**
 * A copy of a leniently parsed query parameter that /openapi.json documents
 * as the value it stands for (an integer with bounds, say) instead of the
 * string-or-array the parser takes. `parameter.description` must say what
 * the parser does with anything else, so the leniency is documented, not hidden.
 */
export function documentedAs<T extends z.ZodType>(schema: T, parameter: ParameterSchema): T {
  const copy = schema.clone();
  documentedSchemas.set(copy, parameter);
  return copy;
}

type JsonSchemaOverride = { zodSchema: object; jsonSchema: Record<string, unknown> };

/** `page`, documented as the integer it means; parsePageNumber reads it leniently. */
export const pageParameter = documentedAs(firstValue, {
  type: "integer",
  minimum: 1,
  maximum: MAX_PAGE,
  default: 1,
  description: `1-based page. Anything but a positive integer means 1; a larger page than ${String(MAX_PAGE)} means ${String(MAX_PAGE)}.`,
});

/** A page size (`items`, `limit`) of `what`, documented as the integer it means; parsePageSize reads it leniently. */
export function pageSizeParameter(
  what: string,
  { fallback, max }: { fallback: number; max: number },
) {
  return documentedAs(firstValue, {
    type: "integer",
    minimum: 1,
    maximum: max,
    default: fallback,
    description: `${what} per page. An integer outside 1..${String(max)} is clamped into it; anything else means ${String(fallback)}.`,
  });
}

/** hono-openapi's validator options that put documentedAs() schemas into /openapi.json. */
export const documentedQuery = {
  options: {
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }: JsonSchemaOverride) => {
      const parameter = documentedSchemas.get(zodSchema);
      if (!parameter) return;
      for (const key of Object.keys(jsonSchema)) Reflect.deleteProperty(jsonSchema, key);
      Object.assign(jsonSchema, parameter);
    },
  },
} as const;
