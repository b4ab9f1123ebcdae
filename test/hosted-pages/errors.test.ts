import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken, revokeToken } from "../../src/auth/tokens.ts";
import { RETRY_AFTER_SECONDS } from "../../src/http/errors.ts";
import { d1Any, fetchWithFaults } from "../support/fault-injection.ts";
import { publishableKeyFor, request, startWithinOneWindow, tokenFor } from "../support/helpers.ts";
import {
  loadTopicsDataset,
  NEIGHBOUR_ORGANIZATION,
  TOPICS_ORGANIZATION,
} from "../support/topics-dataset.ts";

/*
 * Every refusal on the hosted pages is a page a browser can read: HTML in
 * the page's language with the right status and headers, the pages' CSP,
 * and none of the API's JSON. test/node/hosted-pages-html.test.ts validates
 * the markup.
 */

const LIST = `/o/${TOPICS_ORGANIZATION.id}/peer-supporters`;

let key: string;
beforeAll(async () => {
  await loadTopicsDataset();
  key = await publishableKeyFor([], TOPICS_ORGANIZATION);
});

/** Checks the answer is an HTML error page with `status` in `lang`, and returns its markup. */
async function expectErrorPage(response: Response, status: number, lang: string) {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  expect(response.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
  expect(response.headers.get("Content-Security-Policy")).toContain("script-src 'none'");
  expect(body).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${lang}">`));
  expect(body).toContain('<link rel="stylesheet" href="/hosted/peer-supporters.css" />');
  expect(body).not.toMatch(/"error"|application\/ld\+json/);
  return body;
}

describe("a hosted page that cannot be shown", () => {
  it("without a key, or with a revoked or another organization's key, is a 401 page", async () => {
    const none = await request(LIST);
    expect(none.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(await expectErrorPage(none, 401, "nb")).toContain("<h1>Siden kan ikke åpnes</h1>");

    const { token: revoked, record } = await createToken(env.TOKENS, TOPICS_ORGANIZATION, null, {
      kind: "publishable",
    });
    await revokeToken(env.TOKENS, record.token_id);
    const body = await expectErrorPage(await request(`${LIST}?key=${revoked}&lang=en`), 401, "en");
    expect(body).toContain("<h1>This page cannot be opened</h1>");
    expect(body).not.toContain(revoked);

    const neighbour = await publishableKeyFor([], NEIGHBOUR_ORGANIZATION);
    await expectErrorPage(await request(`${LIST}?key=${neighbour}&lang=nn`), 401, "nn");
  });

  it("from a website the key does not list is a 403 page", async () => {
    const listed = await publishableKeyFor(["https://tema.example"], TOPICS_ORGANIZATION);
    const refused = await request(`${LIST}?key=${listed}&fragment=1&lang=nn`, {
      headers: { Origin: "https://elsewhere.example" },
    });
    const body = await expectErrorPage(refused, 403, "nn");
    expect(body).toContain("<h1>Sida kan ikkje visast her</h1>");
  });

  it("at an address with no organization or page is a 404 page", async () => {
    for (const path of [`/o/abc/peer-supporters?key=${key}`, `/o/7/nothing?key=${key}`, "/o/"]) {
      const body = await expectErrorPage(await request(path), 404, "nb");
      expect(body).toContain("<h1>Ikke funnet</h1>");
    }
  });

  it("with bad input is a 400 page that offers the list without it", async () => {
    const body = await expectErrorPage(
      await request(`${LIST}?key=${key}&available=maybe&lang=en`),
      400,
      "en",
    );
    expect(body).toContain(
      `<a href="https://peer-roster.test${LIST}?key=${key}&amp;lang=en">All peer supporters</a>`,
    );
    const twice = await expectErrorPage(await request(`${LIST}?key=${key}&key=${key}`), 400, "nb");
    expect(twice).not.toContain("<a href");
    const secret = await tokenFor(TOPICS_ORGANIZATION);
    const exposed = await expectErrorPage(await request(`${LIST}?key=${secret}`), 400, "nb");
    expect(exposed).not.toContain(secret);
    // A query that is not UTF-8 still gets its page.
    await expectErrorPage(await request(`${LIST}?lang=%ff&q=%ff`), 401, "nb");
  });

  it(
    "after too many failed attempts is a 429 page that says when to try again",
    { timeout: 30_000 },
    async () => {
      const ip = { "CF-Connecting-IP": "192.0.2.31" };
      await startWithinOneWindow();
      for (let i = 0; i < 30; i++) {
        expect((await request(`${LIST}?key=prt_pk_nope`, { headers: ip })).status).toBe(401);
      }
      const limited = await request(`${LIST}?key=prt_pk_nope`, { headers: ip });
      expect(limited.headers.get("Retry-After")).toBe("60");
      expect(await expectErrorPage(limited, 429, "nb")).toContain("Prøv igjen om 60 sekunder.");
    },
  );

  it("while the database is down is a 503 page with Retry-After and a reference", async () => {
    const { response } = await fetchWithFaults(
      [{ matches: d1Any, when: "before" }],
      new Request(`https://peer-roster.test${LIST}?key=${key}&q=outage&lang=en`),
    );
    expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    const body = await expectErrorPage(response, 503, "en");
    expect(body).toContain(`Please try again in ${String(RETRY_AFTER_SECONDS)} seconds.`);
    expect(body).toContain(`Reference: ${response.headers.get("X-Request-Id") ?? "none"}`);
  });
});
