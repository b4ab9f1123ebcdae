import { beforeAll, describe, expect, it } from "vitest";
import { decodeUtf8Json } from "../../src/lib/strict-utf8.ts";
import { loadDemoDataWithToken, request } from "../support/helpers.ts";

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

/** `json` as UTF-8, with each "\xNN" in it replaced by that raw byte. */
function bytesOf(json: string): Uint8Array<ArrayBuffer> {
  const parts = json.split(/\\x([0-9a-f]{2})/);
  const bytes: number[] = [];
  parts.forEach((part, index) => {
    if (index % 2 === 1) bytes.push(parseInt(part, 16));
    else bytes.push(...new TextEncoder().encode(part));
  });
  return new Uint8Array(bytes);
}

const mentor = (fullName: string, email: string) =>
  `{"full_name":"${fullName}","email":"${email}","certification_expiry_date":"2030-01-01T00:00:00Z"}`;

describe("a body that is not UTF-8", () => {
  it("is a 400 naming the field, and nothing is stored", async () => {
    for (const [body, field] of [
      [mentor("Ol\\xe9 Nordmann", "ole.utf8@example.org"), "full_name"],
      [mentor("Ole Nordmann", "inv\\xff@example.org"), "email"],
      [mentor("\\xc3", "ole.utf8@example.org"), "full_name"],
    ] as const) {
      const response = await request("/api/v1/peer-mentors", {
        method: "POST",
        token,
        headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        body: bytesOf(body),
      });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({
        details: [{ field, message: "must be UTF-8 text" }],
      });
    }
    const list = await request("/api/v1/peer-mentors?q=ole.utf8", { token });
    expect(await list.json()).toMatchObject({ data: [] });
  });

  it("names the body when the bytes are not inside a string", async () => {
    const response = await request("/api/v2/organizations/5/peer_supporters", {
      method: "POST",
      token,
      headers: { "Content-Type": "application/json" },
      body: bytesOf(`{"first_name":"Kari"\\xff}`),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ details: [{ field: "body" }] });
  });

  it("is told apart from a U+FFFD the client sent", async () => {
    const response = await request("/api/v1/peer-mentors", {
      method: "POST",
      token,
      headers: { "Content-Type": "application/json" },
      body: bytesOf(mentor("Ole \uFFFD Nordmann", "ole.replacement@example.org")),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ full_name: "Ole \uFFFD Nordmann" });
  });
});

describe("decodeUtf8Json (the import file's decoding too)", () => {
  it("names nested fields and keys, and answers the text when it is UTF-8", () => {
    expect(
      decodeUtf8Json(bytesOf(`{"users":[{"a":1},{"first_name":"B\\xf8rre"}]}`), "(file)"),
    ).toEqual({ ok: false, field: "users[1].first_name" });
    expect(decodeUtf8Json(bytesOf(`{"n\\xe6vn":1}`), "(file)")).toEqual({
      ok: false,
      field: "n\uFFFDvn",
    });
    expect(decodeUtf8Json(bytesOf(`[1,\\xff]`), "(file)")).toEqual({ ok: false, field: "(file)" });
    expect(decodeUtf8Json(bytesOf(`{"navn":"Bjørn Ærø"}`), "(file)")).toEqual({
      ok: true,
      text: `{"navn":"Bjørn Ærø"}`,
    });
  });
});
