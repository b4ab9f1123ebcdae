import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoDataWithToken, publishableKeyFor, request } from "../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
const ORIGIN = "https://www.example.org";
let secret: string;
let publishable: string;

beforeAll(async () => {
  secret = await loadDemoDataWithToken();
  publishable = await publishableKeyFor([ORIGIN]);
});

// The headers a cross-origin page's revalidation needs from the 304, as the 200 had them.
const CARRIED = ["access-control-allow-origin", "access-control-expose-headers", "vary", "etag"];

async function revalidate(path: string, headers: Record<string, string>) {
  const ok = await request(path, { headers: { Origin: ORIGIN, ...headers } });
  expect(ok.status).toBe(200);
  await ok.body?.cancel();
  const etag = ok.headers.get("ETag") ?? "";
  const notModified = await request(path, {
    headers: { Origin: ORIGIN, "If-None-Match": etag, ...headers },
  });
  expect(notModified.status).toBe(304);
  for (const name of CARRIED) {
    expect(notModified.headers.get(name), name).toBe(ok.headers.get(name));
  }
  expect(notModified.headers.get("access-control-allow-origin")).not.toBeNull();
  expect(notModified.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  return { ok, notModified };
}

describe("a 304 carries the headers of the 200 it stands for", () => {
  it("on a secret key's roster read: CORS, request id, exposed headers, D1 bookmark", async () => {
    const { ok, notModified } = await revalidate(`${ROSTER}?items=3`, {
      Authorization: `Bearer ${secret}`,
    });
    expect(ok.headers.get("x-d1-bookmark")).not.toBeNull();
    expect(notModified.headers.get("x-d1-bookmark")).not.toBeNull();
  });

  it("on the public roster, from a listed origin", async () => {
    const { notModified } = await revalidate(`${ROSTER}?items=3&key=${publishable}`, {});
    expect(notModified.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("on a v1 read", async () => {
    await revalidate("/api/v1/peer-mentors?limit=2", { Authorization: `Bearer ${secret}` });
  });
});
