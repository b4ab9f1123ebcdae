import { beforeAll, describe, expect, it } from "vitest";
import {
  clientRequest,
  d1Any,
  D1_NETWORK_LOST,
  fetchWithFaults,
} from "../../support/fault-injection.ts";
import { loadDemoDataWithToken, publishableKeyFor } from "../../support/helpers.ts";

/*
 * The edge cache's stale copies through a D1 outage (issue 30): a copy loaded
 * before a member was deleted, or before a public field was switched off, is
 * never answered once its max-age has passed; one loaded after is.
 */

const ROSTER = "/api/v2/organizations/5/peer_supporters";
const SETTINGS = "/api/v2/organizations/5/public-roster-settings";
const vars = { PUBLIC_ROSTER_MAX_AGE: "1" };
const d1Down = { matches: d1Any, when: "before" as const, message: D1_NETWORK_LOST };
const pastMaxAge = () => new Promise((resolve) => setTimeout(resolve, 2_100));

let token: string;
let key: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
  key = await publishableKeyFor();
});

const read = (path: string, faults = [d1Down].slice(0, 0)) =>
  fetchWithFaults(faults, new Request(`https://peer-roster.test${path}`), vars);
const write = async (path: string, method: string, body?: unknown) => {
  const { response } = await fetchWithFaults([], clientRequest(path, { method, token, body }));
  expect(response.status).toBe(200);
};

describe("a stale copy through a D1 outage", () => {
  it("never shows a member deleted since it was loaded; a copy loaded after is served", async () => {
    const path = `${ROSTER}?key=${key}&items=37`;
    const first = await (await read(path)).response.json<{ peer_supporters: { id: number }[] }>();
    const deleted = first.peer_supporters[0]?.id;
    expect(deleted).toBeDefined();
    await write(`${ROSTER}/${String(deleted)}`, "DELETE");
    await pastMaxAge();
    const during = await read(path, [d1Down]);
    expect(during.response.status).toBe(503);

    const fresh = await read(path);
    const current = await fresh.response.text();
    expect(current).not.toContain(`"id":${String(deleted)},`);
    await pastMaxAge();
    const stale = await read(path, [d1Down]);
    expect(stale.response.status).toBe(200);
    expect(stale.response.headers.get("Cache-Status")).toMatch(/detail=stale-if-error$/);
    expect(await stale.response.text()).toBe(current);
  });

  it("never shows a field switched off since, on the hosted page either", async () => {
    await write(SETTINGS, "PUT", { show_recovery_status: true });
    const page = `/o/5/peer-supporters?key=${key}&items=38`;
    expect((await read(page)).response.status).toBe(200);
    await write(SETTINGS, "PUT", { show_recovery_status: false });
    await pastMaxAge();
    expect((await read(page, [d1Down])).response.status).toBe(503);
  });

  it("tells browsers and shared caches to keep nothing past max-age", async () => {
    const { response } = await read(`${ROSTER}?key=${key}&items=39`);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=1");
  });
});
