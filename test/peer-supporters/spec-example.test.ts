import { beforeAll, describe, expect, it } from "vitest";
import specExample from "../../src/peer-supporters/roster/spec-example.json";
import { request, loadDemoDataWithToken } from "../support/helpers.ts";

describe("the spec's example response", () => {
  let token: string;
  beforeAll(async () => {
    token = await loadDemoDataWithToken();
  });

  it("returns the spec's two peer supporters exactly, byte for byte", async () => {
    // Jane (812) and Sam (813) are the organization's first two members by id.
    const response = await request("/api/v2/organizations/5/peer_supporters?items=2", { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = await response.json<typeof specExample>();

    expect(body.peer_supporters).toStrictEqual(specExample.peer_supporters);
    // Same keys in the same order: the serialized objects are identical text.
    expect(JSON.stringify(body.peer_supporters)).toBe(JSON.stringify(specExample.peer_supporters));
    expect(body).toStrictEqual({
      current_page: 1,
      items: 2,
      total_items: 16,
      total_pages: 8,
      peer_supporters: specExample.peer_supporters,
    });
  });
});
