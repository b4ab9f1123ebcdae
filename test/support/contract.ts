import { Validator, type Schema } from "@cfworker/json-schema";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

type DocumentedResponse = {
  content?: Record<string, { schema: Schema }>;
  headers?: Record<string, unknown>;
};
type Operation = { responses: Record<string, DocumentedResponse> };

// Headers the Worker sets that a client may read: each one sent must be documented.
const SERVED_HEADERS = [
  "etag",
  "x-request-id",
  "x-d1-bookmark",
  "cache-control",
  "cache-status",
  "age",
  "www-authenticate",
  "retry-after",
  "location",
  "idempotent-replayed",
];
/** A path item: its operations by method, and a `description` (its 405, say). */
type PathItem = Record<string, Operation> & { description?: string };
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
};

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** A path item's operation methods ("get", "head", …), without its other fields. */
export const methodsOf = (item: PathItem) =>
  Object.keys(item).filter((key) => HTTP_METHODS.has(key));

let documentPromise: Promise<OpenApiDocument> | undefined;

/** The Worker's own /openapi.json, fetched once per test file. */
export function openApiDocument(): Promise<OpenApiDocument> {
  documentPromise ??= exports.default
    .fetch(new Request("https://peer-roster.test/openapi.json"))
    .then((response) => response.json<OpenApiDocument>());
  return documentPromise;
}

/** Replaces each local $ref with the component it names. */
function dereference(value: unknown, document: OpenApiDocument): unknown {
  if (Array.isArray(value)) return value.map((item) => dereference(item, document));
  if (value === null || typeof value !== "object") return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === "string") {
    const name = ref.replace("#/components/schemas/", "");
    return dereference(document.components.schemas[name], document);
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, dereference(inner, document)]),
  );
}

function findOperation(document: OpenApiDocument, method: string, pathname: string) {
  for (const [template, operations] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    const operation = operations[method];
    if (pattern.test(pathname) && operation) return { template, operation };
  }
  return undefined;
}

/**
 * Fails the test unless `response` is what the document promises for this
 * request: a listed status, its headers documented, JSON, and a body valid against its schema. A
 * request no operation covers (an unknown route or method) must get the
 * error body.
 */
export async function expectMatchesContract(request: Request, response: Response): Promise<void> {
  const { pathname } = new URL(request.url);
  // A CORS preflight is answered before routing, and the documentation documents no itself.
  if (request.method === "OPTIONS" || ["/openapi.json", "/docs"].includes(pathname)) return;
  // The hosted pages are HTML outside the API's document; test/hosted-pages/pages.test.ts checks them.
  if (pathname.startsWith("/o/")) return;
  const document = await openApiDocument();
  const method = request.method.toLowerCase();
  const found = findOperation(document, method, pathname);
  const label = `${request.method} ${found?.template ?? pathname} → ${response.status}`;

  let schema: Schema | undefined = document.components.schemas.Error;
  if (found) {
    const documented = found.operation.responses[String(response.status)];
    expect(documented, `${label} is not in the OpenAPI document`).toBeDefined();
    const documentedHeaders = Object.keys(documented?.headers ?? {}).map((h) => h.toLowerCase());
    for (const name of SERVED_HEADERS.filter((name) => response.headers.has(name))) {
      expect(documentedHeaders, `${label} sends ${name}`).toContain(name);
    }
    if (response.headers.get("Content-Type")?.startsWith("text/csv")) {
      expect(documented?.content, `${label} documents no CSV`).toHaveProperty(["text/csv"]);
      return;
    }
    schema = documented?.content?.["application/json"]?.schema;
    if (!schema) {
      expect(await response.clone().text(), `${label} documents no body`).toBe("");
      return;
    }
  } else {
    expect(response.status, `${label}: no operation, so 4xx`).toBeGreaterThanOrEqual(400);
  }
  if (request.method === "HEAD") return;

  expect(response.headers.get("Content-Type"), label).toMatch(/^application\/json\b/);
  const body: unknown = await response.clone().json();
  const result = new Validator(dereference(schema, document) as Schema, "2020-12", false).validate(
    body,
  );
  expect(result.errors, `${label}: body does not match the document`).toEqual([]);
}
