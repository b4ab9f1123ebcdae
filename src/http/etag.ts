import type { Context, TypedResponse } from "hono";
import { RETAINED_304_HEADERS } from "hono/etag";
import type { JSONParsed } from "hono/utils/types";
import { hexDigest } from "../lib/hex-digest.ts";
import { ApiError } from "./errors.ts";

/**
 * What a 304 keeps of the 200 it stands for: RFC 9110's list, plus what a
 * cross-origin page needs to read it (CORS) and what every answer carries
 * (request id, D1 bookmark).
 */
export const NOT_MODIFIED_HEADERS = [
  ...RETAINED_304_HEADERS,
  "access-control-allow-origin",
  "access-control-expose-headers",
  "x-request-id",
  "x-d1-bookmark",
];

/** The strong ETag of a body: the quoted SHA-1 hex that hono's etag() middleware computes too. */
export async function strongETag(body: string): Promise<string> {
  return `"${await hexDigest("SHA-1", body)}"`;
}

/**
 * A 200 JSON response carrying its ETag, hashed from the JSON text in hand.
 * hono's etag() middleware then finds the tag and only answers If-None-Match
 * (304), instead of cloning the response and reading its body stream back to
 * hash it: in the profile that re-read was the largest single cost of an
 * ETag (BENCHMARKS.md, "Where the CPU goes").
 */
export async function jsonWithETag<T, Status extends 200 | 201 = 200>(
  c: Context,
  value: T,
  status: Status = 200 as Status,
) {
  const body = JSON.stringify(value);
  c.header("ETag", await strongETag(body));
  c.header("Content-Type", "application/json");
  // The same JSON c.json would send: typed as such for hono/client.
  const response: Response = c.body(body, status);
  return response as Response & TypedResponse<JSONParsed<T>, Status, "json">;
}

/**
 * A route answering `value`, which never changes, as jsonWithETag does: its
 * JSON and ETag made once per isolate, not hashed on every request.
 */
export function constantJsonWithETag<T>(value: T) {
  const body = JSON.stringify(value);
  let etag: string | undefined;
  return async (c: Context) => {
    etag ??= await strongETag(body);
    c.header("ETag", etag);
    c.header("Content-Type", "application/json");
    const response: Response = c.body(body, 200);
    return response as Response & TypedResponse<JSONParsed<T>, 200, "json">;
  };
}

/**
 * The entity tags of the request's If-Match, or undefined without one. A
 * write with If-Match happens only while the record's current ETag is one of
 * them (RFC 9110 §13.1.1, strong comparison: a weak tag never matches), or
 * with `*`, while the record exists.
 */
export function ifMatchOf(c: Context): string[] | undefined {
  const header = c.req.header("If-Match");
  if (header === undefined) return undefined;
  return header
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

/** Whether If-Match's `tags` admit a record whose current ETag is `current`. */
export function ifMatchAdmits(tags: readonly string[], current: string): boolean {
  return tags.some((tag) => tag === "*" || tag === current);
}

/** The error of a write whose If-Match no longer matches: 412, nothing changed. */
export const preconditionFailed = (what: string) =>
  new ApiError(
    412,
    `${what} has changed since the version If-Match names; nothing was changed. Read it again (its ETag) and retry`,
  );
