import { z } from "zod";
import { codePointLength } from "../text-length.ts";

const MAX_SEARCH_LENGTH = 200;

/** A query parameter's value; a repeated parameter arrives as an array and its first value counts. */
export const firstValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value[0] : value));

/** A search term: trimmed, blank means none, at most 200 code points. */
export const searchTerm = firstValue
  .transform((value) => value?.trim() || undefined)
  .refine((value) => value === undefined || codePointLength(value) <= MAX_SEARCH_LENGTH, {
    message: `must be at most ${MAX_SEARCH_LENGTH} characters`,
  });
