import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/app.ts";
import * as mentorExamples from "../src/peer-mentors/spec-examples.ts";
import specExample from "../src/peer-supporters/spec-example.json";
import { openApiDocument, type OpenApiDocument } from "./contract.ts";
import { API_REFERENCE_SCRIPT } from "../src/http/docs.ts";
import { request } from "./helpers.ts";

let document: OpenApiDocument;
beforeAll(async () => {
  document = await openApiDocument();
});

const operation = (path: string, method: string) =>
  document.paths[path]?.[method] as
    | (Record<string, unknown> & {
        security?: unknown;
        responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
      })
    | undefined;

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 with the bearer security scheme", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  it("documents every route the app serves, and nothing else", () => {
    const served = new Set(
      app.routes
        .filter((r) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(r.method))
        .filter((r) => !r.path.endsWith("*") && !["/openapi.json", "/docs"].includes(r.path))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method} ${path}`),
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served.size).toBe(10); // health, the v2 roster, eight v1 operations
  });

  it("requires a secret key on every /api operation, or a publishable one on the roster", () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        const security = operation(path, method)?.security;
        if (path.endsWith("/peer_supporters")) {
          expect(security, `${method} ${path}`).toEqual([
            { bearerAuth: [] },
            { publishableKey: [] },
          ]);
        } else if (path.startsWith("/api/")) {
          expect(security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        } else expect(security, `${method} ${path}`).toBeUndefined();
      }
    }
    expect(document.components.securitySchemes.publishableKey).toMatchObject({
      type: "apiKey",
      in: "query",
      name: "key",
    });
  });

  it("documents the error bodies: 401 and 500 on every /api operation", () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith("/api/")) continue;
      for (const method of Object.keys(operations)) {
        const responses = operation(path, method)?.responses ?? {};
        expect(Object.keys(responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(["401", "429", "500"]),
        );
      }
    }
  });

  it("carries the specs' examples", () => {
    const example = (path: string, method: string, status: string) =>
      operation(path, method)?.responses[status]?.content?.["application/json"]?.example;
    expect(
      example("/api/v2/organizations/{organization_id}/peer_supporters", "get", "200"),
    ).toEqual(specExample);
    expect(example("/api/v1/peer-mentors", "get", "200")).toEqual(mentorExamples.listExample);
    expect(
      example("/api/v1/peer-mentors/{mentor_id}/certification-expiry", "patch", "200"),
    ).toEqual(mentorExamples.expiryChangedExample);
  });

  it("documents request bodies from the validators that check them", () => {
    const put = operation("/api/v1/peer-mentors/{mentor_id}", "put") as
      { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } } | undefined;
    const schema = put?.requestBody.content["application/json"]?.schema;
    expect(schema).toMatchObject({ additionalProperties: false });
    expect(Object.keys((schema?.properties as object | undefined) ?? {}).sort()).toEqual([
      "email",
      "full_name",
      "is_hlf",
      "phone",
    ]);
  });
});

describe("/docs", () => {
  it("serves the interactive reference for /openapi.json", async () => {
    const response = await request("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    // Scalar renders in the browser from its bundle on this origin, pointed at our document.
    expect(html).toContain(`<script src="${API_REFERENCE_SCRIPT}" nonce=`);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('"url": "/openapi.json"');
  });

  it("allows scripts from its own origin and its nonce only", async () => {
    const response = await request("/docs");
    const policy = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(await response.text()).toContain(`nonce="${nonce ?? "?"}"`);
    expect(policy).toContain("default-src 'none'");
  });
});
