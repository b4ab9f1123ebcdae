import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { labelsOf } from "../../src/hosted-pages/render-list.ts";
import type { PublicPeerSupporter } from "../../src/peer-supporters/roster/schemas.ts";
import { publishableKeyFor, request, send, tokenFor } from "../support/helpers.ts";
import { hostileName, hostileText } from "../support/hostile-text.ts";
import {
  loadTopicsDataset,
  NEIGHBOUR_ORGANIZATION,
  TOPICS_ORGANIZATION,
} from "../support/topics-dataset.ts";

const LIST = `/o/${TOPICS_ORGANIZATION.id}/peer-supporters`;
const API_ROSTER = `/api/v2/organizations/${TOPICS_ORGANIZATION.id}/peer_supporters`;

let key: string;
let secret: string;
beforeAll(async () => {
  await loadTopicsDataset();
  key = await publishableKeyFor([], TOPICS_ORGANIZATION);
  secret = await tokenFor(TOPICS_ORGANIZATION);
});

async function page(path: string, query = "", status = 200) {
  const response = await request(`${path}?key=${key}${query}`);
  const body = await response.text();
  expect(response.status, body).toBe(status);
  return { response, body };
}

/** The strong ETag of `body`: its SHA-1, quoted. */
async function sha1ETag(body: string) {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(body));
  return `"${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

/** HTML text as written, entities decoded (HTMLRewriter hands text over raw). */
const decode = (raw: string) =>
  raw
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

type Parsed = { texts: Map<string, string[]>; elements: string[]; handlers: string[] };

/** The page as a parser sees it: the text of each selector, every element, every on* attribute. */
async function parse(body: string, selectors: string[]): Promise<Parsed> {
  const parsed: Parsed = { texts: new Map(), elements: [], handlers: [] };
  let rewriter = new HTMLRewriter().on("*", {
    element(element) {
      parsed.elements.push(element.tagName);
      for (const [name = ""] of element.attributes) {
        if (/^on/i.test(name)) parsed.handlers.push(name);
      }
    },
  });
  for (const selector of selectors) {
    const chunks: string[] = [];
    parsed.texts.set(selector, chunks);
    let current = "";
    rewriter = rewriter.on(selector, {
      text(text) {
        current += text.text;
        if (text.lastInTextNode) {
          chunks.push(decode(current));
          current = "";
        }
      },
    });
  }
  await rewriter.transform(new Response(body)).text();
  return parsed;
}

/** The supporters a page links to (cards and JSON-LD alike). */
const ids = (body: string) =>
  new Set([...body.matchAll(/peer-supporters\/(\d+)\?/g)].map((m) => Number(m[1])));

describe("the hosted list page", () => {
  it("is an HTML document in nb by default, with the organization's name escaped, a canonical link and a strict CSP", async () => {
    const { response, body } = await page(LIST);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(body).toMatch(/^<!DOCTYPE html>\s*<html lang="nb">/);
    expect(body).toContain("<h1>Likepersoner: Tema &amp; &lt;Sorg&gt;</h1>");
    expect(body).toContain(
      `<link rel="canonical" href="https://peer-roster.test${LIST}?key=${key}"`,
    );
    expect(body).not.toMatch(/<img|https?:\/\/(?!peer-roster\.test|schema\.org)/);
    expect(body).not.toContain("Hemmelig");
    expect(body).toContain("5 likepersoner");
    expect(ids(body)).toEqual(new Set([701, 702, 705, 706, 707]));
  });

  it("speaks en and nn when asked, and nb for anything else", async () => {
    expect((await page(LIST, "&lang=en")).body).toContain('<html lang="en">');
    expect((await page(LIST, "&lang=NN")).body).toContain("5 likepersonar");
    expect((await page(LIST, "&lang=de")).body).toContain('<html lang="nb">');
  });

  it("searches with q, filters by topic links and pages with rel links", async () => {
    expect(ids((await page(LIST, "&q=707")).body)).toEqual(new Set([707]));
    const filtered = (await page(LIST, "&topic=PTSD")).body;
    expect(filtered).toContain("3 likepersoner");
    // The chosen topic's link takes it away again.
    expect(filtered).toMatch(/<a href="[^"]*"\s+aria-current="true">ptsd \(3\)<\/a>/);
    expect(filtered).toContain("&amp;topic=angst&amp;topic=ptsd");
    const first = (await page(LIST, "&items=2")).body;
    expect(first).toContain(
      `rel="next" href="https://peer-roster.test${LIST}?key=${key}&amp;page=2&amp;items=2"`,
    );
    expect(first).not.toContain('rel="prev"');
    const last = (await page(LIST, "&items=2&page=3")).body;
    expect(last).toContain('rel="prev"');
    expect(last).toContain("Side 3 av 3");
  });

  it("answers from the JSON route's edge cache entry", async () => {
    const json = await request(`${API_ROSTER}?key=${key}&items=9&topic=sorg`);
    expect(json.headers.get("Cache-Status")).toMatch(/uri-miss/);
    const { response } = await page(LIST, "&topic=Sorg&items=9");
    expect(response.headers.get("Cache-Status")).toMatch(/^peer-roster; hit;/);
    expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
  });

  it("carries the ETag of its markup, and answers 304 to it", async () => {
    const { response, body } = await page(LIST, "&items=5");
    expect(response.headers.get("ETag")).toBe(await sha1ETag(body));
    const again = await request(`${LIST}?key=${key}&items=5`, {
      headers: { "If-None-Match": await sha1ETag(body) },
    });
    expect(again.status).toBe(304);
  });

  it("shows each key its own links, from one page kept in memory", async () => {
    const { body: first } = await page(LIST, "&items=6&lang=en");
    const otherKey = await publishableKeyFor([], TOPICS_ORGANIZATION);
    const response = await request(`${LIST}?key=${otherKey}&items=6&lang=en`);
    const second = await response.text();
    expect(second).toContain(`key=${otherKey}`);
    expect(second).not.toContain(key);
    expect(second.replaceAll(otherKey, key)).toBe(first);
    expect(response.headers.get("ETag")).toBe(await sha1ETag(second));
  });

  it("serves the list alone as a fragment for servers that include HTML", async () => {
    const { body } = await page(LIST, "&fragment=1");
    expect(body).toMatch(/^<section class="peer-supporters" lang="nb">/);
    expect(body).not.toContain("<html");
  });

  it("answers bad input with a 4xx, never a 500", async () => {
    expect((await request(`${LIST}?key=${key}&q=${"x".repeat(201)}`)).status).toBe(400);
    expect((await request(`${LIST}?key=${key}&available=maybe`)).status).toBe(400);
    expect((await request(`${LIST}?key=${key}&page=-1&items=x`)).status).toBe(200);
    expect((await request(LIST)).status).toBe(401);
    expect((await request(`/o/abc/peer-supporters?key=${key}`)).status).toBe(404);
    const neighbour = await publishableKeyFor([], NEIGHBOUR_ORGANIZATION);
    expect((await request(`${LIST}?key=${neighbour}`)).status).toBe(401);
    const listed = await publishableKeyFor(["https://tema.example"], TOPICS_ORGANIZATION);
    const crossOrigin = await request(`${LIST}?key=${listed}&fragment=1`, {
      headers: { Origin: "https://elsewhere.example" },
    });
    expect(crossOrigin.status).toBe(403);
    // A navigation sends no Origin: the page opens with a key that lists origins.
    expect((await request(`${LIST}?key=${listed}`)).status).toBe(200);
  });
});

describe("the hosted profile page", () => {
  it("shows one public supporter with schema.org Person data", async () => {
    const { body } = await page(`${LIST}/701`, "&lang=en");
    const parsed = await parse(body, ['script[type="application/ld+json"]', "h1"]);
    const [jsonLd] = parsed.texts.get('script[type="application/ld+json"]') ?? [];
    expect(JSON.parse(jsonLd ?? "")).toEqual({
      "@context": "https://schema.org",
      "@type": "Person",
      name: "Ada H.",
      url: `https://peer-roster.test${LIST}/701?key=${key}&lang=en`,
      description: "Bio of 701",
      knowsAbout: ["PTSD", "Sorg", "Angst"],
      memberOf: { "@type": "Organization", name: "Tema & <Sorg>" },
    });
    expect(parsed.texts.get("h1")).toEqual(["Ada H."]);
    expect(body).toContain("Available to talk");
  });

  it("links to the organization's contact page for the supporter once it set one, as the widget's profile does", async () => {
    const neighbourPage = async (neighbourKey: string) =>
      (
        await request(`/o/${NEIGHBOUR_ORGANIZATION.id}/peer-supporters/801?key=${neighbourKey}`)
      ).text();
    const neighbourKey = await publishableKeyFor([], NEIGHBOUR_ORGANIZATION);
    const saved = await send(
      `/api/v2/organizations/${NEIGHBOUR_ORGANIZATION.id}/public-roster-settings`,
      "PUT",
      { contact_url: "https://naboen.example/kontakt?likeperson={id}&fra=likepersoner" },
      await tokenFor(NEIGHBOUR_ORGANIZATION),
    );
    expect(saved.status).toBe(200);
    expect(await neighbourPage(neighbourKey)).toContain(
      '<a class="contact" href="https://naboen.example/kontakt?likeperson=801&amp;fra=likepersoner"',
    );
    expect(await neighbourPage(neighbourKey)).toMatch(/>Kontakt Hal H\.<\/a\s*>/);
    // None set: no link.
    expect((await page(`${LIST}/701`)).body).not.toContain('class="contact"');
  });

  it("is a 404 page for a pending, unlisted, other organization's or malformed member", async () => {
    for (const member of ["703", "704", "801", "99999", "7x", "0"]) {
      const { response, body } = await page(`${LIST}/${member}`, "", 404);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
      expect(body).toContain("Ikke funnet");
      expect(body).not.toContain("Hemmelig");
    }
  });
});

describe("escaping, fuzzed with hostile names, bios and topics", () => {
  let run = 0;
  it("renders every text as text, in the markup and in the JSON-LD", async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, hostileText, hostileText, async (name, bio, topicText) => {
        const topic = `f${String(++run)} ${topicText}`.slice(0, 50).trim();
        const created = await send(
          API_ROSTER,
          "POST",
          { first_name: name, time_zone: "UTC", bio, status: "approved", topics: [topic] },
          secret,
        );
        expect(created.status).toBe(201);
        const { id, full_name } = await created.json<{ id: number; full_name: string }>();
        const list = await page(LIST, `&topic=${encodeURIComponent(topic)}`);
        const parsedList = await parse(list.body, [".card h2 a", ".card > p", ".card .tags li"]);
        expect(parsedList.texts.get(".card h2 a")).toEqual([full_name]);
        expect(parsedList.texts.get(".card > p")).toEqual([bio]);
        expect(parsedList.texts.get(".card .tags li")).toEqual([topic]);
        const profile = await page(`${LIST}/${String(id)}`);
        const parsed = await parse(profile.body, ['script[type="application/ld+json"]', "h1"]);
        expect(parsed.texts.get("h1")).toEqual([full_name]);
        const [jsonLd] = parsed.texts.get('script[type="application/ld+json"]') ?? [];
        expect(JSON.parse(jsonLd ?? "")).toMatchObject({ name: full_name, description: bio });
        for (const { elements, handlers } of [parsedList, parsed]) {
          expect(elements.filter((tag) => tag === "script")).toHaveLength(1);
          expect(elements).not.toContain("b");
          expect(handlers).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe("a card's tags", () => {
  it("show a platform interest that is also an organization topic once", () => {
    const supporter = { topics: ["PTSD", "Sorg"], interests: ["sorg", "Grief"] };
    expect(labelsOf(supporter as PublicPeerSupporter)).toEqual(["PTSD", "Sorg", "Grief"]);
  });
});
