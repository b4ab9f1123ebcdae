import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium.ts";

/*
 * The widget as a visitor meets it: the demo page (another origin than the
 * API) loads /embed/peer-supporters.js from `wrangler dev`, which serves the
 * demo data through a publishable key.
 */
const apiBase = inject("apiBase");
const pageBase = inject("pageBase");
const keys = inject("keys");

const CARDS = "peer-supporters-directory li[part=card]";
const NAMES = "peer-supporters-directory [part=name]";
const STATUS = "peer-supporters-directory [part=status]";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

type Visit = { page: Page; apiRequests: URL[] };

/** Opens the demo page (with `query` overriding its attributes) and waits for the first cards or state. */
async function visit(query = ""): Promise<Visit> {
  const page = await browser.newPage();
  const apiRequests: URL[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) apiRequests.push(url);
  });
  await page.goto(`${pageBase}/${query}`);
  await page.waitForFunction(() => {
    const root = document.querySelector("peer-supporters-directory")?.shadowRoot;
    return root?.querySelector("[part=list]")?.getAttribute("aria-busy") === null;
  });
  return { page, apiRequests };
}

const names = (page: Page) => page.locator(NAMES).allTextContents();

/** The element focused inside the widget's shadow root: its part, text and outline style. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector("peer-supporters-directory")?.shadowRoot?.activeElement;
    if (!active) return null;
    return {
      part: active.getAttribute("part"),
      text: active.textContent,
      outline: getComputedStyle(active).outlineStyle,
    };
  });

describe("the embedded directory", () => {
  it("is served from another origin than the page, as a module browsers may load", () => {
    expect(new URL(apiBase).origin).not.toBe(new URL(pageBase).origin);
  });

  it("renders a card per approved supporter: name, lazy avatar with the name as alt, bio, the rest of the public record", async () => {
    const { page, apiRequests } = await visit();
    await expect.poll(() => page.locator(CARDS).count()).toBe(6);
    expect((await names(page)).slice(0, 3)).toEqual(["Jane D.", "Sam L.", "Øyvind Å."]);
    const avatar = page.locator(`${CARDS} img`).first();
    expect(await avatar.getAttribute("alt")).toBe("Jane D.");
    expect(await avatar.getAttribute("loading")).toBe("lazy");
    expect(await page.locator(`${CARDS} [part=bio]`).first().textContent()).toMatch(/grief/);
    expect(await page.locator(`${CARDS} [part=interests] li`).allTextContents()).toContain("Grief");
    // Everything else the public roster carries is on the card too, and nothing it withholds.
    const jane = page.locator(CARDS).first();
    expect(await jane.locator("[part=greeting]").textContent()).toBe(
      "Hi, I'm Jane. Happy to meet you.",
    );
    expect(await jane.locator("[part=availability]").textContent()).toBe("Available to talk");
    expect(await jane.locator("[part=motivation]").textContent()).toMatch(/footing after loss/);
    expect(await jane.locator("[part=recovery-status]").count()).toBe(0);
    expect(await jane.textContent()).not.toContain("Doe");
    // The key travels in the URL, to the API's origin.
    expect(apiRequests[0]?.origin).toBe(new URL(apiBase).origin);
    expect(apiRequests[0]?.searchParams.get("key")).toBe(keys.allowed);
    await page.close();
  });

  it("narrows the cards as the visitor searches, with one request per pause in typing", async () => {
    const { page, apiRequests } = await visit();
    await page.locator("peer-supporters-directory input[part=search]").pressSequentially("øyv");
    await expect.poll(() => names(page)).toEqual(["Øyvind Å."]);
    const searches = apiRequests.filter((url) => url.searchParams.has("q"));
    expect(searches.map((url) => url.searchParams.get("q"))).toEqual(["øyv"]);
    await page.locator("peer-supporters-directory input[part=search]").fill("zzzz-nobody");
    await expect.poll(() => page.locator(STATUS).textContent()).toMatch(/No peer supporters match/);
    expect(await page.locator(CARDS).count()).toBe(0);
    await page.close();
  });

  it("pages with previous and next, and says which page of how many", async () => {
    const { page } = await visit();
    const pager = page.locator("peer-supporters-directory [part=pager]");
    await expect.poll(() => pager.textContent()).toMatch(/Page 1 of 3/);
    const firstPage = await names(page);
    await pager.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => pager.textContent()).toMatch(/Page 2 of 3/);
    const secondPage = await names(page);
    expect(secondPage).toHaveLength(6);
    expect(secondPage.some((name) => firstPage.includes(name))).toBe(false);
    await pager.getByRole("button", { name: "Previous" }).click();
    await expect.poll(() => names(page)).toEqual(firstPage);
    await page.close();
  });

  it("speaks Norwegian Bokmål with lang=nb", async () => {
    const { page } = await visit("?lang=nb");
    expect(await page.locator("peer-supporters-directory label").textContent()).toBe(
      "Søk etter likepersoner",
    );
    expect(await page.locator("peer-supporters-directory [part=pager]").textContent()).toMatch(
      /Side 1 av 3/,
    );
    await page.close();
  });

  it("shows an error with a retry for a revoked key, and retries when asked", async () => {
    const { page, apiRequests } = await visit(`?key=${keys.revoked}`);
    expect(await page.locator(STATUS).textContent()).toBe(
      "The peer supporters could not be loaded.",
    );
    expect(await page.locator(CARDS).count()).toBe(0);
    const retry = page.locator("peer-supporters-directory button[part=retry]");
    expect(await retry.isVisible()).toBe(true);
    await retry.click();
    await expect.poll(() => apiRequests.length).toBe(2);
    await page.close();
  });

  it("shows the error state on a site the key is not allowed on", async () => {
    const { page } = await visit(`?key=${keys.otherSite}`);
    expect(await page.locator(STATUS).textContent()).toMatch(/could not be loaded/);
    await page.close();
  });

  it("is reachable by keyboard, with a visible focus ring, and pages with Enter", async () => {
    const { page } = await visit();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ part: "search", outline: "solid" });
    // "Previous" is disabled on page 1, so Tab goes from the search box to "Next".
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({
      part: "pager-button",
      text: "Next",
      outline: "solid",
    });
    const pager = page.locator("peer-supporters-directory [part=pager]");
    await page.keyboard.press("Enter");
    await expect.poll(() => pager.textContent()).toMatch(/Page 2 of 3/);
    await page.keyboard.press("Enter");
    await expect.poll(() => pager.textContent()).toMatch(/Page 3 of 3/);
    // "Next" is disabled on the last page: focus moves to "Previous", not to the page's top.
    expect(await focused(page)).toMatchObject({ part: "pager-button", text: "Previous" });
    await page.close();
  });

  it.each(["", "?lang=nb", `?key=${keys.revoked}`])(
    "has no serious or critical axe-core violation (%s)",
    async (query) => {
      const { page } = await visit(query);
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(violations).toEqual([]);
      await page.close();
    },
  );
});

declare global {
  interface Window {
    axe: typeof axe;
  }
}
