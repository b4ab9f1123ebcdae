import type { Env, Hono, Schema } from "hono";
import { generateSpecs, type GenerateSpecOptions } from "hono-openapi";

/** The parts of /openapi.json that no route describes: info, servers, tags, schemes, headers. */
const openApiOptions: Partial<GenerateSpecOptions> = {
  documentation: {
    openapi: "3.1.0",
    info: {
      title: "peer-roster",
      version: "1.0.0",
      description:
        "The peer supporters directory (v2) and the peer mentor registry (v1). Every `/api` route needs `Authorization: Bearer <secret key>`; a key sees only its own organization. The peer supporter roster also takes a publishable key (`?key=prt_pk_…`), which reads its approved members and nothing else.\n\n" +
        "## Getting a key\n\n" +
        "Keys are issued per organization by whoever runs this service; there is no sign-up. Ask your organization's contact for the service (the person who runs its peer-support programme's systems) for a secret key for your server, or a publishable key for your website's origin. Operators create them with `npm run -s token -- create --org ID --remote` (add `--publishable --origin https://www.example.org` for a website); the key is shown once. Locally, `npm run dev` prints a secret and a publishable key for the demo organization 5. Then use **Authorize** on this page, or send `Authorization: Bearer prt_…`.",
    },
    servers: [
      { url: "http://localhost:8787", description: "Local: npm run dev" },
      {
        url: "https://api.example.org",
        description: "Production: a placeholder for the Worker's custom domain",
      },
    ],
    tags: [
      { name: "Service", description: "The Worker itself." },
      {
        name: "Peer supporters (v2)",
        description:
          'The roster behind organizations\' "Meet our peer supporters" pages: read with a secret key, or publicly with a publishable key.',
      },
      {
        name: "Peer mentors (v1)",
        description:
          "Volunteer mentors whose certification expiry drives their status; secret keys only.",
      },
      {
        name: "Webhooks (v1)",
        description:
          "Signed POSTs to the organization's own systems when a certification nears expiry or a status changes (docs/webhooks.md); secret keys only.",
      },
      {
        name: "Notifications (v1)",
        description:
          "Emails to coordinators and mentors: reminders, expiry notices and a weekly digest, with the organization's reminder thresholds (docs/email.md); secret keys only.",
      },
    ],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A secret key from `npm run -s token -- create --org ID`.",
        },
        publishableKey: {
          type: "apiKey",
          in: "query",
          name: "key",
          description:
            "A publishable key (`prt_pk_…`) from `npm run -s token -- create --org ID --publishable`: the public roster only. It may also be sent as `Authorization: Bearer`.",
        },
      },
      headers: {
        "X-Request-Id": {
          description: "This request's id: in the logs, and in a 500's `request_id`.",
          schema: { type: "string" },
        },
        ETag: {
          description:
            "The record's entity tag (strong): send it in `If-None-Match` for a 304, or in `If-Match` to make a PUT, PATCH or DELETE of the record conditional (412 when it changed since). A write answers the record's new ETag, whatever part of it the body shows.",
          schema: { type: "string" },
        },
        Location: {
          description: "Where the new record is read.",
          schema: { type: "string" },
        },
        "Idempotent-Replayed": {
          description:
            "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`: nothing was written again.",
          schema: { type: "string", enum: ["true"] },
        },
        "Cache-Control": {
          description:
            "`private, no-cache` for secret keys; `public, max-age=N` for the public roster.",
          schema: { type: "string" },
        },
        "x-d1-bookmark": {
          description:
            "The database session's bookmark: send it back in `x-d1-bookmark` to read at least this state.",
          schema: { type: "string" },
        },
        "WWW-Authenticate": {
          description: '`Bearer`, with `error="invalid_token"` when a key was sent.',
          schema: { type: "string" },
        },
        "Retry-After": {
          description: "Seconds to wait before trying again.",
          schema: { type: "integer", minimum: 0 },
        },
        "Cache-Status": {
          description:
            "RFC 9211, public roster only: `peer-roster; hit; ttl=N` from the edge cache, `peer-roster; fwd=uri-miss; stored` when read from the database.",
          schema: { type: "string" },
        },
        Age: {
          description:
            "Public roster cache hits: seconds since the entry was read from the database.",
          schema: { type: "integer", minimum: 0 },
        },
      },
    },
  },
  // The hosted pages are HTML for people and search engines, not API (docs/embed.md, "Hosted pages").
  exclude: ["/openapi.json", "/docs", /^\/o\//],
  // A route with a validator can answer 400, in the API's one error shape.
  defaultValidationErrorResponse: {
    description: "Invalid request: `details` lists every failing field",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
};

type Parameter = {
  name?: string;
  in?: string;
  required?: boolean;
  schema?: { default?: unknown; enum?: unknown[] };
  examples?: unknown;
};
type Response = { description: string; content?: unknown; headers?: Record<string, unknown> };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Parameter[];
  responses: Record<string, Response>;
};
type PathItem = Record<string, Operation | string>;
type Document = { paths: Record<string, PathItem> };

const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** The headers every response of an operation carries, by what the server does. */
function headersOf(method: string, operation: Operation, status: string) {
  const headers: Record<string, unknown> = { "X-Request-Id": header("X-Request-Id") };
  const ok = status.startsWith("2") || status === "304";
  const authenticated = (operation.security?.length ?? 0) > 0;
  if (ok && method === "get") headers.ETag = header("ETag");
  // Sent whenever the request reached the database, errors (404, 409) included.
  if (authenticated) {
    headers["Cache-Control"] = header("Cache-Control");
    headers["x-d1-bookmark"] = header("x-d1-bookmark");
  }
  if (status === "401") headers["WWW-Authenticate"] = header("WWW-Authenticate");
  if (status === "429" || status === "503") headers["Retry-After"] = header("Retry-After");
  // Any answer an Idempotency-Key stored may come again (src/http/idempotency.ts).
  if (operation.parameters?.some((parameter) => parameter.name === "Idempotency-Key")) {
    headers["Idempotent-Replayed"] = header("Idempotent-Replayed");
  }
  return headers;
}

/** The value Scalar's "Test Request" fills an optional parameter with from its schema, if any. */
function schemaValue({ schema }: Parameter): unknown {
  return schema?.default ?? schema?.enum?.[0];
}

/**
 * Scalar's "Test Request" (/docs) sends an optional query parameter ticked
 * when its schema gives it a value (a default, an enum's first value), so a
 * developer's first try would silently filter (`available=true`). An example
 * of that same value marked with Scalar's `x-disabled` shows it unticked;
 * the schema keeps its default and enum for every other reader.
 */
function leaveOptionalQueryUnticked(operation: Operation) {
  for (const parameter of operation.parameters ?? []) {
    const value = schemaValue(parameter);
    if (parameter.in !== "query" || parameter.required === true || value === undefined) continue;
    parameter.examples ??= {
      // One name for all: the client reads the same example name from every parameter of an operation.
      default: {
        summary: "Not sent until chosen; left out, the default applies",
        value,
        "x-disabled": true,
      },
    };
  }
}

// src/auth/middleware.ts refuseSecretInUrl, in front of every route.
const KEY_PARAMETER_REFUSED: Response = {
  description: "`key` given more than once, or holding a secret key",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

// src/http/errors.ts handleError: D1 or KV failing, on any route.
const SERVICE_UNAVAILABLE: Response = {
  description:
    "The database or the key store is unavailable for now: try again after `Retry-After` seconds; `request_id` matches the logs",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

/**
 * What hono-openapi cannot see in the routes: a 400 for `?key=`, a 503 when a
 * dependency fails, the response headers the
 * middleware sets, optional query parameters unticked in /docs, HEAD (Hono answers it for every GET route), and the 405
 * that `.all(path, methodNotAllowed(...))` answers for any other method.
 * OpenAPI has no place for the responses of an operation a path lacks, so
 * the 405 is documented on the path itself.
 */
function completeDocument(document: Document, methodNotAllowedPaths: ReadonlySet<string>) {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation === "string") continue;
      leaveOptionalQueryUnticked(operation);
      operation.responses["400"] ??= KEY_PARAMETER_REFUSED;
      operation.responses["503"] ??= SERVICE_UNAVAILABLE;
      for (const [status, response] of Object.entries(operation.responses)) {
        response.headers = { ...headersOf(method, operation, status), ...response.headers };
      }
    }
    const get = item.get;
    if (get && typeof get !== "string") {
      item.head = {
        ...get,
        operationId: get.operationId?.replace(/^get/, "head"),
        summary: `${get.summary ?? path} (headers only)`,
        description: "The GET's status and headers, without a body.",
        responses: Object.fromEntries(
          Object.entries(get.responses).map(([status, { content: _body, ...response }]) => [
            status,
            response,
          ]),
        ),
      };
    }
    if (methodNotAllowedPaths.has(path)) {
      const allowed = ALLOW_ORDER.filter((method) => method.toLowerCase() in item);
      item.description = `Any other method answers 405 Method Not Allowed, with \`Allow: ${allowed.join(", ")}\` and the JSON error body.`;
    }
  }
  return document;
}

// The order the routes' `Allow` headers list methods in.
const ALLOW_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** "/api/v1/peer-mentors/{mentor_id}" for every `.all("/api/v1/peer-mentors/:mentor_id", …)` route. */
function methodNotAllowedPaths<E extends Env, S extends Schema>(app: Hono<E, S>): Set<string> {
  return new Set(
    app.routes
      .filter((route) => route.method === "ALL" && !route.path.includes("*"))
      .map((route) => route.path.replace(/:(\w+)/g, "{$1}")),
  );
}

/**
 * The OpenAPI document of `app`, generated from its routes' validators and
 * response schemas. Node only: scripts/write-openapi.ts writes it for the
 * Worker to serve (src/http/openapi-json.ts).
 */
export async function buildOpenApiDocument<E extends Env, S extends Schema>(app: Hono<E, S>) {
  const document = await generateSpecs(app, openApiOptions);
  return completeDocument(document as unknown as Document, methodNotAllowedPaths(app));
}
