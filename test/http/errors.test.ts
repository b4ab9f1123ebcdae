import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { importInto, request, loadDemoDataWithToken, send } from "../support/helpers.ts";

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

async function expectJson(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return response.json<Record<string, unknown>>();
}

describe("errors are JSON", () => {
  it("answers an unknown route with 404", async () => {
    expect(await expectJson(await request("/nope", { token }), 404)).toEqual({
      error: "Not Found",
    });
    expect(await expectJson(await request("/api/v2/organizations/5", { token }), 404)).toEqual({
      error: "Not Found",
    });
  });

  it("answers a non-numeric organization id with 404", async () => {
    const response = await request("/api/v2/organizations/abc/peer_supporters", { token });
    expect(await expectJson(response, 404)).toEqual({ error: "Not Found" });
  });

  it.each(["PUT", "PATCH", "DELETE"])("answers %s on the roster with 405", async (method) => {
    const response = await request("/api/v2/organizations/5/peer_supporters", { method, token });
    expect(await expectJson(response, 405)).toEqual({ error: "Method Not Allowed" });
    expect(response.headers.get("Allow")).toBe("GET, HEAD, POST");
  });

  it("answers / with where the documentation is, not a bare 404", async () => {
    const body = await expectJson(await request("/"), 200);
    expect(body).toEqual({ name: "peer-roster", docs: "/docs", openapi: "/openapi.json" });
    for (const path of [body.docs, body.openapi]) {
      expect((await request(String(path))).status).toBe(200);
    }
  });

  it("answers liveness on /health without I/O or a token", async () => {
    expect(await expectJson(await request("/health"), 200)).toEqual({ status: "ok" });
  });

  it("answers an uncaught error with 500, the request id and no stack", async () => {
    // A real failure, not a mock: a table the roster query joins is gone.
    await env.DB.exec("DROP TABLE preferences");
    const response = await request("/api/v2/organizations/5/peer_supporters", { token });
    const body = await expectJson(response, 500);
    const requestId = response.headers.get("X-Request-Id");
    expect(requestId).toBeTruthy();
    expect(body).toEqual({ error: "Internal Server Error", request_id: requestId });
  });
});

describe("a missing required field", () => {
  const missing = (fields: string[]) => fields.map((field) => ({ field, message: "is required" }));

  it("says it is required, in API bodies", async () => {
    const created = await expectJson(await send("/api/v1/peer-mentors", "POST", {}, token), 400);
    expect(created.details).toEqual(missing(["full_name", "email", "certification_expiry_date"]));
    const status = await send("/api/v1/peer-mentors/mentor_a1b2c3/status", "PATCH", {}, token);
    expect((await expectJson(status, 400)).details).toEqual(missing(["status"]));
    const hook = await expectJson(await send("/api/v1/webhooks", "POST", {}, token), 400);
    expect(hook.details).toEqual(missing(["url", "events"]));
  });

  it("keeps the field's own message for a value that is there but wrong", async () => {
    const status = await send(
      "/api/v1/peer-mentors/mentor_a1b2c3/status",
      "PATCH",
      { status: "gone" },
      token,
    );
    expect((await expectJson(status, 400)).details).toEqual([
      { field: "status", message: "must be active, paused or expired" },
    ]);
  });

  it("says it is required in an import file", async () => {
    const result = await importInto({ organizations: [{ id: 3, name: "Tre" }] });
    expect(result).toMatchObject({ ok: false, errors: missing(["organizations[0].public_id"]) });
  });
});
