import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { OPENAPI_FILE } from "../../scripts/lib/assets.ts";
import { app } from "../../src/app.ts";
import { buildOpenApiDocument } from "../../src/http/openapi-document.ts";

describe("/openapi.json", () => {
  it("is the file the build wrote, which the Worker serves: the generator's output for the routes as they are", async () => {
    // Written by the tests' global setup, as by every build (scripts/write-openapi.ts).
    // `app` is a Hono instance; chaining only widened its type parameters, which the rule mistakes for another class.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    const generated = JSON.stringify(await buildOpenApiDocument(app));
    expect(readFileSync(OPENAPI_FILE, "utf8")).toBe(generated);
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(
      JSON.parse(readFileSync(OPENAPI_FILE, "utf8")) as Record<string, unknown>,
    );
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });
});

describe("the validator itself", () => {
  it("rejects a document that breaks OpenAPI 3.1 (a response without a description)", async () => {
    const broken = {
      openapi: "3.1.0",
      info: { title: "x", version: "1" },
      paths: { "/x": { get: { responses: { 200: { content: {} } } } } },
    };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });
});
