import type { DescribeRouteOptions } from "hono-openapi";
import { resolver } from "hono-openapi";
import * as z from "zod";
import { MAX_BODY_KIB } from "./body-limit.ts";
import { errorBodySchema } from "./errors.ts";

/** The API's one timestamp form in responses: "2026-03-26T10:00:00Z" (src/time.ts isoSeconds). */
export const timestampSchema = z
  .string()
  .meta({ format: "date-time", example: "2026-03-26T10:00:00Z" });

type Responses = NonNullable<DescribeRouteOptions["responses"]>;

/**
 * A JSON response documented by the zod schema that types its serializer.
 * `headers` name components/headers beyond those every response of its kind
 * carries (src/http/openapi-document.ts adds those).
 */
export function jsonResponse(
  description: string,
  schema: z.ZodType,
  example?: unknown,
  headers: readonly string[] = [],
) {
  return {
    description,
    ...(headers.length === 0
      ? {}
      : {
          headers: Object.fromEntries(
            headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
          ),
        }),
    content: {
      "application/json": {
        schema: resolver(schema),
        ...(example === undefined ? {} : { example }),
      },
    },
  };
}

const ERROR_DESCRIPTIONS = {
  400: "Invalid request: `details` lists every failing field",
  401: 'No valid token ("Unauthorized Access"), or a token of another organization ("Not Authorized"); with `WWW-Authenticate: Bearer`',
  403: 'A publishable key on any route but the public roster, or from an origin not on its list; on v1, an `org_id` other than the token\'s organization ("Not Authorized")',
  404: "Not found",
  409: "Conflict with the stored data; `error` says which (an email already in the organization, a person another organization shares, a mentor already linked)",
  413: `Request body over ${MAX_BODY_KIB} KiB`,
  415: "Request body is not `application/json`",
  429: "Rate limited; `Retry-After` gives the seconds to wait",
  500: "Unexpected error; `request_id` matches the `X-Request-Id` header and the logs",
} as const;

/** The documented error responses of a route: the shared error body, one description each. */
export function errorResponses(...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]): Responses {
  return Object.fromEntries(
    [...statuses, 500 as const].map((status) => [
      status,
      jsonResponse(ERROR_DESCRIPTIONS[status], errorBodySchema),
    ]),
  );
}

/** Every authenticated route: the bearer scheme, and the D1 session bookmark it takes and gives. */
export const authenticated = {
  security: [{ bearerAuth: [] }],
  parameters: [
    {
      in: "header",
      name: "x-d1-bookmark",
      required: false,
      description:
        "The `x-d1-bookmark` of an earlier response: this request then reads at least that state (its own writes).",
      schema: { type: "string" },
    },
  ],
} satisfies Partial<DescribeRouteOptions>;

export const notModified: Responses = {
  304: { description: "Not modified: the `If-None-Match` ETag still matches" },
};
