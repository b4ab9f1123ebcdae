import type { Context, ErrorHandler, Handler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import { rootCause } from "../db/root-cause.ts";
import { unavailableDependency } from "../db/unavailable.ts";

/** A missing required field: one message for every schema, in the API's 400s and the import's errors alike. */
export const MISSING_FIELD = "is required";

// zod's own words for a missing field are "Invalid input: expected string, received undefined".
z.config({
  customError: (issue) =>
    issue.input === undefined &&
    (issue.code === "invalid_type" ||
      issue.code === "invalid_value" ||
      issue.code === "invalid_union")
      ? MISSING_FIELD
      : undefined,
});

/** A schema's own `error` message for a bad value, leaving a missing one to say MISSING_FIELD. */
export const unlessMissing = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? undefined : message;

const errorDetailSchema = z.strictObject({ field: z.string(), message: z.string() });
export type ErrorDetail = z.output<typeof errorDetailSchema>;

/** The one error body of the API. */
export const errorBodySchema = z
  .strictObject({
    error: z.string(),
    details: z.array(errorDetailSchema).optional(),
    request_id: z.string().optional(),
  })
  .meta({ id: "Error" });

/** The one error shape of the API: `{ error, details? }`, typed for hono/client. */
export function jsonError<Status extends ContentfulStatusCode>(
  c: Context,
  status: Status,
  error: string,
  { details, headers }: { details?: ErrorDetail[]; headers?: Record<string, string> } = {},
) {
  const body: { error: string; details?: ErrorDetail[] } = details ? { error, details } : { error };
  return c.json(body, status, headers);
}

/** "organization_members[1].rating" from ["organization_members", 1, "rating"]. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  let field = "";
  for (const key of path) {
    field += typeof key === "number" ? `[${key}]` : `${field ? "." : ""}${String(key)}`;
  }
  return field;
}

/**
 * A validation issue as zod reports it, directly or through the Standard
 * Schema interface (which passes zod's own issue objects along).
 */
type ValidationIssue = {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  code?: string;
  keys?: readonly string[];
};

/** One detail per failing field; an unknown key is named as a field of its own. */
export function issueDetails(issues: readonly ValidationIssue[]): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const path = (issue.path ?? []).map((key) => (typeof key === "object" ? key.key : key));
    return issue.code === "unrecognized_keys" && issue.keys
      ? issue.keys.map((key) => ({
          field: formatIssuePath([...path, key]),
          message: "is not a known field",
        }))
      : [{ field: formatIssuePath(path), message: issue.message }];
  });
}

/** Validator hook: every failing field in one 400. */
export function validationHook(
  result: { success: true } | { success: false; error: readonly ValidationIssue[] },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return jsonError(c, 400, "Invalid request", { details: issueDetails(result.error) });
}

/**
 * An answer other than success that a service or route gives by throwing:
 * handleError sends it in the one error shape, with its status,
 * and logs nothing (it is the API working as documented, not a fault).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: ContentfulStatusCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(status: ContentfulStatusCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

/** The 400 for one field that failed a check its schema cannot make. */
export const invalidField = (field: string, message: string) =>
  new ApiError(400, "Invalid request", [{ field, message }]);

/**
 * The one not-found answer: `what` names the resource ("Peer mentor not
 * found"); without it, the path names nothing ("Not Found").
 */
export const notFound = (what?: string) =>
  new ApiError(404, what === undefined ? "Not Found" : `${what} not found`);

const apiErrorResponse = (c: Context, { status, message, details }: ApiError) =>
  jsonError(c, status, message, { details });

export const handleNotFound: NotFoundHandler = (c) => apiErrorResponse(c, notFound());

export function methodNotAllowed(allowed: readonly string[]): Handler {
  return (c) => jsonError(c, 405, "Method Not Allowed", { headers: { Allow: allowed.join(", ") } });
}

/** How long a client should wait before trying again after a 503: D1's and KV's hiccups pass in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * ApiErrors are answered as they say. HTTPExceptions (malformed JSON, body
 * limits) keep their status with a JSON body. D1 or KV failing (after the retries writes get) is a 503 with
 * Retry-After. Anything else is a bug: 500. Both are logged without request
 * data or bound values, with the request id the body carries.
 */
export const handleError: ErrorHandler = (err, c) => {
  if (err instanceof ApiError) return apiErrorResponse(c, err);
  if (err instanceof HTTPException) {
    return jsonError(c, err.status, err.message || "Request failed");
  }
  const requestId = c.get("requestId") as string | undefined;
  const cause = rootCause(err);
  const unavailable = unavailableDependency(err);
  console.error(
    JSON.stringify({
      level: "error",
      request_id: requestId,
      route: routePath(c),
      error: cause instanceof Error ? cause.name : typeof cause,
      message: cause instanceof Error ? cause.message : undefined,
      dependency: unavailable?.dependency,
    }),
  );
  if (unavailable) {
    return c.json({ error: "Service Unavailable", request_id: requestId }, 503, {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    });
  }
  return c.json({ error: "Internal Server Error", request_id: requestId }, 500);
};
