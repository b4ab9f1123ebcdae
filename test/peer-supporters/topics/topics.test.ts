import { beforeAll, describe, expect, it } from "vitest";
import {
  ALWAYS_PUBLIC_FIELDS,
  publishableKeyFor,
  request,
  tokenFor,
} from "../../support/helpers.ts";
import {
  loadTopicsDataset,
  NEIGHBOUR_ORGANIZATION,
  TOPICS_ORGANIZATION,
} from "../../support/topics-dataset.ts";

const ROSTER = `/api/v2/organizations/${TOPICS_ORGANIZATION.id}/peer_supporters`;
const TOPICS = `/api/v2/organizations/${TOPICS_ORGANIZATION.id}/topics`;
// What a publishable read may carry (the organization has saved no settings).
const PUBLIC_FIELDS = [...ALWAYS_PUBLIC_FIELDS, "motivation"];

type Page = {
  total_items: number;
  total_pages: number;
  peer_supporters: (Record<string, unknown> & { id: number })[];
};

let secret: string;
let publishable: string;
beforeAll(async () => {
  await loadTopicsDataset();
  secret = await tokenFor(TOPICS_ORGANIZATION);
  publishable = await publishableKeyFor([], TOPICS_ORGANIZATION);
});

async function read(path: string, query: string, token?: string) {
  const response = await request(
    `${path}?${query}${token ? "" : `&key=${publishable}`}`,
    token ? { token } : {},
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return { response, body: await response.json<Page>() };
}
const ids = (body: Page) => body.peer_supporters.map((entry) => entry.id);

describe("topic and available filters on the public roster", () => {
  it("matches organization topics and active platform interests, any spelling, any of several", async () => {
    expect(ids((await read(ROSTER, "topic=PTSD")).body)).toEqual([701, 702, 705]);
    expect(ids((await read(ROSTER, "topic=%20pTsD%20")).body)).toEqual([701, 702, 705]);
    expect(ids((await read(ROSTER, "topic=angst&topic=ærlighet")).body)).toEqual([701, 705, 706]);
    expect(ids((await read(ROSTER, "topic=Nabo")).body)).toEqual([]);
  });

  it("never shows a pending or unlisted member, nor a closed profile's interests", async () => {
    expect(ids((await read(ROSTER, "topic=Skjult")).body)).toEqual([]);
    expect(ids((await read(ROSTER, "topic=hemmelig")).body)).toEqual([]);
    // 706's closed profile says PTSD and available: neither counts.
    expect(ids((await read(ROSTER, "topic=PTSD&items=50")).body)).not.toContain(706);
    expect(ids((await read(ROSTER, "available=true")).body)).toEqual([701, 707]);
  });

  it("combines with q and paging, with the filtered totals", async () => {
    const first = (await read(ROSTER, "topic=ptsd&items=2")).body;
    expect(first).toMatchObject({ total_items: 3, total_pages: 2 });
    expect(ids(first)).toEqual([701, 702]);
    expect(ids((await read(ROSTER, "topic=ptsd&items=2&page=2")).body)).toEqual([705]);
    const searched = (await read(ROSTER, "topic=sorg&available=true&q=707")).body;
    expect(searched.total_items).toBe(1);
    expect(ids(searched)).toEqual([707]);
    expect((await read(ROSTER, "topic=sorg&available=true")).body.total_items).toBe(2);
  });

  it("shares one cache entry whatever the topics' order, case and repeats", async () => {
    const first = await read(ROSTER, "topic=Sorg&topic=PTSD&items=7");
    expect(first.response.headers.get("Cache-Status")).toMatch(/uri-miss/);
    const again = await read(ROSTER, "topic=ptsd&topic=SORG&topic=sorg&items=7");
    expect(again.response.headers.get("Cache-Status")).toMatch(/; hit;/);
    expect(again.body).toEqual(first.body);
    const other = await read(ROSTER, "topic=ptsd&items=7&available=true");
    expect(other.response.headers.get("Cache-Status")).toMatch(/uri-miss/);
  });

  it("carries only public fields", async () => {
    for (const entry of (await read(ROSTER, "topic=PTSD&topic=Sorg&items=50")).body
      .peer_supporters) {
      expect(PUBLIC_FIELDS).toEqual(expect.arrayContaining(Object.keys(entry)));
      expect(JSON.stringify(entry)).not.toContain("Hemmelig");
    }
  });

  it("answers bad filters with a 400 naming the field", async () => {
    for (const query of ["available=yes", `topic=${"x".repeat(101)}`, rangeOfTopics(21)]) {
      const response = await request(`${ROSTER}?key=${publishable}&${query}`);
      expect(response.status).toBe(400);
      const { details } = await response.json<{ details: { field: string }[] }>();
      expect(details[0]?.field).toMatch(/^(topic|available)/);
    }
  });
});

const rangeOfTopics = (n: number) =>
  Array.from({ length: n }, (_, i) => `topic=t${String(i)}`).join("&");

describe("filters with a secret key", () => {
  it("include pending and unlisted members, in the spec's shape", async () => {
    const { body } = await read(ROSTER, "topic=PTSD", secret);
    expect(ids(body)).toEqual([701, 702, 703, 704, 705]);
    expect(body.peer_supporters[0]).toHaveProperty("last_name", "Hemmelig");
  });

  it("stay within the key's organization", async () => {
    const neighbour = await tokenFor(NEIGHBOUR_ORGANIZATION);
    const path = `/api/v2/organizations/${NEIGHBOUR_ORGANIZATION.id}/peer_supporters`;
    expect(ids((await read(path, "topic=ptsd", neighbour)).body)).toEqual([801]);
    expect(ids((await read(ROSTER, "topic=nabo", secret)).body)).toEqual([]);
  });
});

describe("GET /api/v2/organizations/:id/topics", () => {
  const expected = {
    data: [
      { topic: "ptsd", count: 3 },
      { topic: "Sorg", count: 2 },
      { topic: "Ærlighet", count: 2 },
      { topic: "Angst", count: 1 },
    ],
  };

  it("lists publicly visible members' topics, one per spelling group, by count then name", async () => {
    const response = await request(`${TOPICS}?key=${publishable}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expected);
    expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    const again = await request(`${TOPICS}?key=${publishable}`);
    expect(again.headers.get("Cache-Status")).toMatch(/; hit;/);
  });

  it("counts what the roster's filter returns", async () => {
    for (const { topic, count } of expected.data) {
      const { body } = await read(ROSTER, `topic=${encodeURIComponent(topic)}&items=3`);
      expect(body.total_items).toBe(count);
    }
  });

  it("answers a secret key with the same counts, never cached", async () => {
    const response = await request(TOPICS, { token: secret });
    expect(await response.json()).toEqual(expected);
    expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
  });

  it("refuses another organization's key and a refused origin", async () => {
    const neighbour = await publishableKeyFor([], NEIGHBOUR_ORGANIZATION);
    expect((await request(`${TOPICS}?key=${neighbour}`)).status).toBe(401);
    const listed = await publishableKeyFor(["https://tema.example"], TOPICS_ORGANIZATION);
    const refused = await request(`${TOPICS}?key=${listed}`, {
      headers: { Origin: "https://elsewhere.example" },
    });
    expect(refused.status).toBe(403);
    const neighbourTopics = await request(
      `/api/v2/organizations/${NEIGHBOUR_ORGANIZATION.id}/topics?key=${neighbour}`,
    );
    expect(await neighbourTopics.json()).toEqual({
      data: [
        { topic: "Nabo", count: 1 },
        { topic: "PTSD", count: 1 },
      ],
    });
  });
});
