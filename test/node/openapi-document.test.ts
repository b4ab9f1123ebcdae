import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app.ts";

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    // /openapi.json needs no bindings; CORS reads its one setting.
    const env = { CORS_ORIGINS: "*" } as Partial<Env>;
    const response = await app.request("/openapi.json", {}, env);
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(await response.json<Record<string, unknown>>());
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
