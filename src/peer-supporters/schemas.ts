import { z } from "zod";
import { codePointLength } from "../text-length.ts";
import { parsePageNumber, parsePageSize } from "../http/pagination.ts";

export const MAX_SEARCH_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

// A repeated query parameter arrives as an array; the first value counts.
const firstValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value[0] : value));

const searchTerm = firstValue
  .transform((value) => value?.trim() || undefined)
  .refine((value) => value === undefined || codePointLength(value) <= MAX_SEARCH_LENGTH, {
    message: `must be at most ${MAX_SEARCH_LENGTH} characters`,
  });

/** Query of the v2 list: paging never fails (bad values fall back), only an over-long search does. */
export const listPeerSupportersQuery = z
  .object({
    q: searchTerm,
    search: searchTerm,
    page: firstValue,
    items: firstValue,
  })
  .transform(({ q, search, page, items }) => ({
    search: q ?? search,
    page: parsePageNumber(page),
    items: parsePageSize(items, { fallback: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }),
  }));
