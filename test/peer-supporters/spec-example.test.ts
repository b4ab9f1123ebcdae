import { beforeAll, describe, expect, it } from "vitest";
import specExample from "../../src/peer-supporters/roster/spec-example.json";
import { DEMO_ORGANIZATION, loadDataset, request, tokenFor } from "../support/helpers.ts";
import { specExampleDataset } from "../support/spec-example-dataset.ts";

describe("the spec's example response", () => {
  let token: string;
  beforeAll(async () => {
    await loadDataset(specExampleDataset);
    token = await tokenFor(DEMO_ORGANIZATION);
  });

  it("returns the spec's two peer supporters exactly, byte for byte", async () => {
    // Jane (812) and Sam (813): the spec's organization holds these two only.
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
      total_items: 2,
      total_pages: 1,
      peer_supporters: specExample.peer_supporters,
    });
  });
});
