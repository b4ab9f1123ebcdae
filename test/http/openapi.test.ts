import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app.ts";
import * as mentorExamples from "../../src/peer-mentors/spec-examples.ts";
import specExample from "../../src/peer-supporters/roster/spec-example.json";
import { methodsOf, openApiDocument, type OpenApiDocument } from "../support/contract.ts";
import { API_REFERENCE_SCRIPT } from "../../src/http/docs.ts";
import { DEMO_ORGANIZATION, request, tokenFor } from "../support/helpers.ts";

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
        .filter((r) => !r.path.startsWith("/o/"))
        // The coordinator console's HTML pages are no API (docs/console.md).
        .filter((r) => r.path !== "/console" && !r.path.startsWith("/console/"))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        methodsOf(operations)
          .filter((method) => method !== "head")
          .map((method) => `${method} ${path}`),
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    // /, health, the v2 roster, its topics and its seven management operations, eight mentor,
    // five webhook and four notification settings operations
    expect(served.size).toBe(28);
  });

  it("requires a secret key on every /api operation, or a publishable one on the public reads", () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of methodsOf(operations)) {
        const security = operation(path, method)?.security;
        if (/\/(peer_supporters|topics)$/.test(path) && ["get", "head"].includes(method)) {
          expect(security, `${method} ${path}`).toEqual([
            { bearerAuth: [] },
            { publishableKey: [] },
          ]);
        } else if (path.startsWith("/api/")) {
          expect(security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        } else expect(security, `${method} ${path}`).toEqual([]);
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
      for (const method of methodsOf(operations)) {
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

describe("what the document says of the server", () => {
  it("documents HEAD for every GET, and the 405 of every other method with its Allow", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    const others = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    for (const [path, item] of Object.entries(document.paths)) {
      const methods = methodsOf(item);
      if (methods.includes("get")) expect(methods, path).toContain("head");
      if (!path.startsWith("/api/")) continue;
      const allowed = methods.map((method) => method.toUpperCase());
      const other = others.find((method) => !allowed.includes(method)) ?? "";
      const concrete = path
        .replace("{organization_id}", "5")
        .replace("{mentor_id}", "mentor_a1b2c3")
        .replace("{webhook_id}", "whk_none");
      const response = await request(concrete, { method: other, token });
      expect(response.status, `${other} ${path}`).toBe(405);
      const allow = response.headers.get("Allow") ?? "";
      expect(new Set(allow.split(", ")), path).toEqual(new Set(allowed));
      expect(item.description, path).toContain(`Allow: ${allow}`);
    }
  });

  it("types the query parameters, documenting their lenient fallbacks", () => {
    const parameters = (path: string) =>
      Object.fromEntries(
        ((operation(path, "get")?.parameters ?? []) as { name: string; schema: unknown }[]).map(
          (p) => [p.name, p],
        ),
      );
    const roster = parameters("/api/v2/organizations/{organization_id}/peer_supporters");
    expect(roster.page).toMatchObject({
      schema: { type: "integer", minimum: 1, default: 1 },
      description: expect.stringMatching(/Anything but a positive integer means 1/) as unknown,
    });
    expect(roster.items).toMatchObject({ schema: { type: "integer", maximum: 100, default: 10 } });
    expect(roster.q).toMatchObject({ schema: { type: "string", maxLength: 200 } });
    const mentors = parameters("/api/v1/peer-mentors");
    expect(mentors.limit).toMatchObject({ schema: { type: "integer", default: 20 } });
    expect(mentors.status).toMatchObject({
      schema: { type: "array", items: { enum: ["active", "warning", "expired", "paused"] } },
    });
    for (const parameter of [...Object.values(roster), ...Object.values(mentors)]) {
      expect(parameter, JSON.stringify(parameter)).toHaveProperty("description");
    }
  });

  it("documents Unicode email addresses as idn-email, as the server accepts them", () => {
    const post = operation("/api/v1/peer-mentors", "post") as
      { requestBody: { content: Record<string, { schema: { properties: object } }> } } | undefined;
    const properties = post?.requestBody.content["application/json"]?.schema.properties;
    expect(properties).toMatchObject({ email: { format: "idn-email" } });
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
