import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppType } from "../src/app.ts";
import { loadDemoDataWithToken } from "./support/helpers.ts";

let client: ReturnType<typeof hc<AppType>>;

beforeAll(async () => {
  const token = await loadDemoDataWithToken();
  client = hc<AppType>("https://peer-roster.test", {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      exports.default.fetch(new Request(input, init)),
    headers: { Authorization: `Bearer ${token}` },
  });
});

describe("a typed hono/client against the Worker", () => {
  it("lists the roster with typed parameters and a typed body", async () => {
    const response = await client.api.v2.organizations[":organization_id"].peer_supporters.$get({
      param: { organization_id: "5" },
      query: { q: "hanne", items: "5" },
    });
    expect(response.status).toBe(200);
    if (response.status !== 200) return;
    const body = await response.json();
    expect(body.peer_supporters.map((p) => p.full_name)).toEqual(["Hanne D."]);
  });

  it("creates, pauses and reads a mentor", async () => {
    const created = await client.api.v1["peer-mentors"].$post({
      json: {
        full_name: "Åse Client",
        email: "ase.client@frivillig.no",
        certification_expiry_date: "2030-01-01",
      },
    });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const { mentor_id } = await created.json();

    const paused = await client.api.v1["peer-mentors"][":mentor_id"].status.$patch({
      param: { mentor_id },
      json: { status: "paused", reason: "Ferie" },
    });
    expect(paused.status).toBe(200);

    const read = await client.api.v1["peer-mentors"][":mentor_id"].$get({ param: { mentor_id } });
    expect(read.status).toBe(200);
    const mentor = await read.json();
    expect(mentor).toMatchObject({ full_name: "Åse Client", status: "paused", is_paused: true });
  });
});
