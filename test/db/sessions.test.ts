import { beforeAll, describe, expect, it } from "vitest";
import { request, send, loadDemoDataWithToken } from "../support/helpers.ts";

const MENTORS = "/api/v1/peer-mentors";
let token: string;

beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

describe("D1 sessions and bookmarks", () => {
  it("returns a bookmark from a write, and a read that sends it back sees the write", async () => {
    const created = await send(
      MENTORS,
      "POST",
      {
        full_name: "Bokmerke Berg",
        email: "bokmerke@frivillig.no",
        certification_expiry_date: "2030-01-01",
      },
      token,
    );
    expect(created.status).toBe(201);
    const bookmark = created.headers.get("x-d1-bookmark");
    expect(bookmark).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
    const { mentor_id } = await created.json<{ mentor_id: string }>();

    const read = await request(`${MENTORS}/${mentor_id}`, {
      token,
      headers: { "x-d1-bookmark": bookmark ?? "" },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ mentor_id, full_name: "Bokmerke Berg" });
    // The session moved on no earlier than the bookmark it was given.
    expect((read.headers.get("x-d1-bookmark") ?? "") >= (bookmark ?? "")).toBe(true);
  });

  it("gives reads a bookmark too, on both surfaces", async () => {
    for (const path of [MENTORS, "/api/v2/organizations/5/peer_supporters"]) {
      const response = await request(path, { token });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-d1-bookmark")).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
    }
  });

  it("rejects a malformed bookmark with 400 before it reaches D1", async () => {
    const response = await request(MENTORS, {
      token,
      headers: { "x-d1-bookmark": "not a bookmark" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "Invalid x-d1-bookmark" });
  });
});
