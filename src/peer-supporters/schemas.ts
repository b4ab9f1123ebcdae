import { z } from "zod";
import { parsePageNumber, parsePageSize } from "../http/pagination.ts";
import { firstValue, searchTerm } from "../http/query-params.ts";

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

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
