/** Highest page served; beyond it every roster is empty anyway, and offsets stay exact integers. */
export const MAX_PAGE = 1_000_000;

const INTEGER = /^[+-]?\d+$/;

/** 1-based page number: anything but a positive integer means 1; huge values are clamped. */
export function parsePageNumber(raw: string | undefined): number {
  if (raw === undefined || !INTEGER.test(raw.trim())) return 1;
  const page = Number(raw);
  return page < 1 ? 1 : Math.min(page, MAX_PAGE);
}

/** Page size: a non-integer means `fallback`; integers are clamped to 1..max. */
export function parsePageSize(
  raw: string | undefined,
  { fallback, max }: { fallback: number; max: number },
): number {
  if (raw === undefined || !INTEGER.test(raw.trim())) return fallback;
  return Math.min(Math.max(Number(raw), 1), max);
}

export function pageOffset(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}
