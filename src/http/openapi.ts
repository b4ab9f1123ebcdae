import type { DescribeRouteOptions } from "hono-openapi";
import { resolver } from "hono-openapi";
import * as z from "zod";
import { MAX_BODY_KIB } from "./body-limit.ts";
import { IDEMPOTENCY_KEY_HOURS } from "../db/idempotency-keys.ts";
import { errorBodySchema } from "./errors.ts";

/*
 * What the route docs (route-docs.ts beside each routes.ts) are made of. Node
 * only, as they are: the Worker serves the document the build generated from
 * them (package.json "imports" gives it src/http/in-worker/ instead).
 */

type Responses = NonNullable<DescribeRouteOptions["responses"]>;
type ParameterObject = Exclude<
  NonNullable<DescribeRouteOptions["parameters"]>[number],
  { $ref: string }
>;

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
  409: "Conflict with the stored data; `error` says which (an email already in the organization, a person another organization shares, a mentor already linked, a record that kept changing during the write, or an `Idempotency-Key` whose first request is still running)",
  413: `Request body over ${MAX_BODY_KIB} KiB`,
  412: "`If-Match` names none of the record's current ETags: it changed since the client read it, and nothing was changed",
  415: "Request body is not `application/json`",
  422: `This \`Idempotency-Key\` was used with another request (path or body) in the last ${String(IDEMPOTENCY_KEY_HOURS)} hours; nothing was changed`,
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

const IF_MATCH = {
  in: "header",
  name: "If-Match",
  required: false,
  description:
    "An ETag of the record (from its GET, or the answer to its last write), or `*`: the write happens only if the record is still that one, else 412 and nothing changes. Without it the write applies to the record as it is (concurrent writes to other fields are kept).",
  schema: { type: "string" },
} satisfies ParameterObject;

/**
 * A PUT, PATCH or DELETE of one record: authenticated, and conditional with If-Match.
 */
export const conditionalWrite = {
  ...authenticated,
  parameters: [...authenticated.parameters, IF_MATCH],
} satisfies Partial<DescribeRouteOptions>;

/** A POST that creates: authenticated, and safe to retry with an Idempotency-Key (src/http/idempotency.ts). */
export const idempotentCreate = {
  ...authenticated,
  parameters: [
    ...authenticated.parameters,
    {
      in: "header",
      name: "Idempotency-Key",
      required: false,
      description: `Any string of 1 to 255 visible ASCII characters, unique per operation (a UUID v4 will do). Sent again with the same request within ${String(IDEMPOTENCY_KEY_HOURS)} hours, the first answer comes back (status, body, \`Location\`, \`ETag\`, with \`Idempotent-Replayed: true\`) and nothing is written again; with another request it is a 422; while the first is still running, a 409. Kept per organization. An answer of 500 or 503 is not kept: the key may be retried, and a create that landed despite it is answered, not made twice.`,
      schema: { type: "string", minLength: 1, maxLength: 255 },
    } satisfies ParameterObject,
  ],
} satisfies Partial<DescribeRouteOptions>;

export const notModified: Responses = {
  304: { description: "Not modified: the `If-None-Match` ETag still matches" },
};
