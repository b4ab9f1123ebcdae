import { beforeAll, describe, expect, it } from "vitest";
import {
  freshHotCopy,
  keepHotCopy,
  MAX_COPIES,
  MAX_TOTAL_CHARACTERS,
} from "../../../src/peer-supporters/public/hot-copies.ts";
import { fetchWithFaults } from "../../support/fault-injection.ts";
import { loadDemoData, publishableKeyFor } from "../../support/helpers.ts";

/*
 * The isolate's copies of public reads (hot-copies.ts): they answer a
 * repeat without the Cache API, exactly as its copy would, and never past
 * max-age.
 */

const ROSTER = "/api/v2/organizations/5/peer_supporters";
const CACHE_KEY = "https://peer-roster.test/api/v2/organizations/5/peer_supporters";

let key: string;
beforeAll(async () => {
  await loadDemoData();
  key = await publishableKeyFor();
});

const read = async (path: string, vars: Record<string, string> = {}) =>
  (await fetchWithFaults([], new Request(`https://peer-roster.test${path}`), vars)).response;

/** Every header but those two answers of one read may differ in: the request id, and the age. */
const comparable = (response: Response) =>
  [...response.headers].filter(([name]) => !["x-request-id", "age", "cache-status"].includes(name));

/** Pushes every copy out of the isolate, by keeping as many others. */
function evictHotCopies() {
  for (let i = 0; i < MAX_COPIES; i++) {
    keepHotCopy(`test:filler:${String(i)}`, { body: "{}", etag: '"f"', storedAt: Date.now() });
  }
}

describe("an isolate's copies of public reads", () => {
  it("are kept once the edge cache answers, never from a read the edge cache did not keep", async () => {
    const path = `${ROSTER}?key=${key}&items=43`;
    expect((await read(path)).headers.get("Cache-Status")).toMatch(/uri-miss/);
    // As on *.workers.dev, where the Cache API stores nothing: the isolate has no copy either.
    expect(await caches.default.delete(`${CACHE_KEY}?items=43&page=1`)).toBe(true);
    expect((await read(path)).headers.get("Cache-Status")).toMatch(/uri-miss/);
  });

  it("answer a repeat as the edge cache's copy did, without the Cache API", async () => {
    const path = `${ROSTER}?key=${key}&items=41`;
    await read(path);
    evictHotCopies();
    const fromEdge = await read(path);
    expect(fromEdge.headers.get("Cache-Status")).toMatch(/^peer-roster; hit; ttl=\d+$/);
    const edgeBody = await fromEdge.text();
    // Gone from the edge cache: only the isolate's copy can answer now.
    expect(await caches.default.delete(`${CACHE_KEY}?items=41&page=1`)).toBe(true);
    const fromIsolate = await read(path);
    expect(fromIsolate.headers.get("Cache-Status")).toMatch(/^peer-roster; hit; ttl=\d+$/);
    expect(await fromIsolate.text()).toBe(edgeBody);
    expect(comparable(fromIsolate)).toEqual(comparable(fromEdge));
  });

  it("are never answered past max-age", async () => {
    const path = `${ROSTER}?key=${key}&items=42`;
    const vars = { PUBLIC_ROSTER_MAX_AGE: "1" };
    await read(path, vars);
    expect((await read(path, vars)).headers.get("Cache-Status")).toMatch(/; hit;/);
    expect(await caches.default.delete(`${CACHE_KEY}?items=42&page=1`)).toBe(true);
    expect((await read(path, vars)).headers.get("Cache-Status")).toMatch(/; hit;/);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await read(path, vars)).headers.get("Cache-Status")).toBe(
      "peer-roster; fwd=uri-miss; stored",
    );
  });

  it("are fresh below max-age only, with the age a cache computes from `Date`", () => {
    const storedAt = Math.floor(Date.now() / 1000) * 1000 - 59_000;
    keepHotCopy("test:young", { body: "{}", etag: '"a"', storedAt });
    expect(freshHotCopy("test:young", 60)?.age).toBe(59);
    keepHotCopy("test:old", { body: "{}", etag: '"b"', storedAt: storedAt - 1_000 });
    expect(freshHotCopy("test:old", 60)).toBeUndefined();
  });

  it("are bounded in number and in text: the oldest goes first", () => {
    const now = Date.now();
    keepHotCopy("test:first", { body: "{}", etag: '"c"', storedAt: now });
    for (let i = 0; i < MAX_COPIES; i++) {
      keepHotCopy(`test:many:${String(i)}`, { body: "{}", etag: '"d"', storedAt: now });
    }
    expect(freshHotCopy("test:first", 60)).toBeUndefined();
    expect(freshHotCopy("test:many:999", 60)).toBeDefined();
    const large = "x".repeat(MAX_TOTAL_CHARACTERS / 2 - 1);
    for (const name of ["a", "b", "c"]) {
      keepHotCopy(`test:large:${name}`, { body: large, etag: '"e"', storedAt: now });
    }
    expect(freshHotCopy("test:large:a", 60)).toBeUndefined();
    expect(freshHotCopy("test:large:c", 60)).toBeDefined();
    const huge = "x".repeat(MAX_TOTAL_CHARACTERS + 1);
    keepHotCopy("test:huge", { body: huge, etag: '"f"', storedAt: now });
    expect(freshHotCopy("test:huge", 60)).toBeUndefined();
  });
});
