import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoDataWithToken, publishableKeyFor, request } from "../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
let secret: string;
let publishable: string;

beforeAll(async () => {
  secret = await loadDemoDataWithToken();
  publishable = await publishableKeyFor();
});

const refusedKey = async (response: Response) => {
  expect(response.status).toBe(400);
  const body = await response.json<{ details: { field: string }[] }>();
  expect(body.details.map((detail) => detail.field)).toEqual(["key"]);
};

describe("?key=", () => {
  it("given more than once is a 400, so no second value hides behind the checked one", async () => {
    await refusedKey(await request(`${ROSTER}?key=${publishable}&key=${secret}`));
    await refusedKey(await request(`${ROSTER}?key=${publishable}&key=${publishable}`));
    await refusedKey(await request(`${ROSTER}?key=${secret}&key=${publishable}`));
  });

  it("holding a secret key is a 400 on every route, v1 and unauthenticated ones too", async () => {
    await refusedKey(await request(`${ROSTER}?key=${secret}`));
    await refusedKey(await request(`/api/v1/peer-mentors?key=${secret}`, { token: secret }));
    await refusedKey(await request(`/api/v1/webhooks?key=${secret}`, { token: secret }));
    for (const path of ["/health", "/openapi.json", "/docs", "/"]) {
      const response = await exports.default.fetch(
        new Request(`https://peer-roster.test${path}?key=${secret}`),
      );
      await refusedKey(response);
    }
  });

  it("still reads the public roster with one publishable key", async () => {
    expect((await request(`${ROSTER}?items=2&key=${publishable}`)).status).toBe(200);
  });
});
