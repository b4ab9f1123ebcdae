import fc from "fast-check";
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import type { ListState } from "../../src/hosted-pages/links.ts";
import { listFragment, listPage, type ListData } from "../../src/hosted-pages/render-list.ts";
import { errorPage } from "../../src/hosted-pages/render-error.ts";
import { memberNotFoundPage, memberPage } from "../../src/hosted-pages/render-member.ts";
import { HOSTED_LANGUAGES } from "../../src/hosted-pages/text.ts";
import type { PublicPeerSupporter } from "../../src/peer-supporters/roster/schemas.ts";
import { hostileName, hostileText } from "../support/hostile-text.ts";

/*
 * The hosted pages' markup against the HTML standard (html-validate, offline),
 * with hostile texts wherever a member's or organization's text goes. The
 * pages are pure functions of the public projection; test/hosted-pages/pages.test.ts
 * serves them from the Worker.
 */

// Standard conformance and accessibility; the indentation prettier gives the templates is no error.
const validator = new HtmlValidate({
  extends: ["html-validate:standard", "html-validate:a11y"],
});

async function expectValid(markup: string) {
  const report = await validator.validateString(markup);
  const messages = report.results.flatMap((result) =>
    result.messages.map((m) => `${m.ruleId}: ${m.message} (line ${String(m.line)})`),
  );
  expect(messages, markup).toEqual([]);
}

const supporter = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 40 }),
  full_name: hostileName,
  bio: fc.option(hostileText),
  motivation: fc.option(hostileText),
  profile_image_url: fc.constant("https://example.invalid/a.png"),
  profile_image_thumb_url: fc.constant("https://example.invalid/a.png"),
  topics: fc.array(hostileName, { maxLength: 3 }),
  interests: fc.array(hostileName, { maxLength: 3 }),
  greeting: fc.option(hostileText),
  available: fc.boolean(),
}) satisfies fc.Arbitrary<PublicPeerSupporter>;

const state = fc.record({
  organizationId: fc.integer({ min: 1, max: 1000 }),
  key: fc.constant("prt_pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
  lang: fc.constantFrom(...HOSTED_LANGUAGES),
  search: fc.option(hostileText, { nil: undefined }),
  topics: fc.array(hostileText, { maxLength: 2 }),
  available: fc.boolean(),
  page: fc.integer({ min: 1, max: 5 }),
  items: fc.integer({ min: 1, max: 100 }),
}) satisfies fc.Arbitrary<ListState>;

const listData = fc.record({
  organizationName: hostileName,
  topics: fc.array(fc.record({ topic: hostileName, count: fc.nat(50) }), { maxLength: 4 }),
  page: fc.record({
    current_page: fc.integer({ min: 1, max: 5 }),
    total_items: fc.nat(500),
    total_pages: fc.nat(5),
    peer_supporters: fc.array(supporter, { maxLength: 4 }),
  }),
}) satisfies fc.Arbitrary<ListData>;

const ORIGIN = "https://peer-roster.test";

describe("the hosted pages are valid HTML, whatever the texts", () => {
  it("the list page", async () => {
    await fc.assert(
      fc.asyncProperty(state, listData, async (s, data) => {
        await expectValid(listPage(ORIGIN, s, data).markup);
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it("the list fragment, inside a host page", async () => {
    await fc.assert(
      fc.asyncProperty(state, listData, async (s, data) => {
        const fragment = listFragment(ORIGIN, s, data).markup;
        await expectValid(
          `<!DOCTYPE html><html lang="en"><head><title>Host</title></head><body><main>${fragment}</main></body></html>`,
        );
      }),
      { numRuns: 30 },
    );
  }, 30_000);

  it("the profile page, with and without a contact link, and the 404 page", async () => {
    const contactUrl = fc.option(fc.constant("https://example.org/kontakt?likeperson={id}&a=<b>"));
    await fc.assert(
      fc.asyncProperty(state, hostileName, contactUrl, supporter, async (s, name, url, member) => {
        await expectValid(memberPage(ORIGIN, s, { name, contactUrl: url }, member).markup);
        await expectValid(memberNotFoundPage(ORIGIN, s).markup);
      }),
      { numRuns: 40 },
    );
  }, 30_000);

  it("the error pages, in every language", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HOSTED_LANGUAGES),
        fc.constantFrom(400, 401, 403, 404, 405, 429, 500, 503),
        fc.option(fc.nat(3600), { nil: undefined }),
        fc.option(fc.uuid(), { nil: undefined }),
        fc.option(fc.constant(`${ORIGIN}/o/1/peer-supporters?key=prt_pk_A&lang=en`), {
          nil: undefined,
        }),
        async (lang, status, retryAfter, reference, startOver) => {
          await expectValid(errorPage({ lang, status, retryAfter, reference, startOver }).markup);
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);
});
