import axe from "axe-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import {
  axeViolations,
  CARDS,
  focused,
  leave,
  names,
  STATUS,
  visit,
  WIDGET,
} from "./widget-page.ts";

/*
 * The widget as a visitor meets it: the demo page (another origin than the
 * API) loads /embed/peer-supporters.js from `wrangler dev`, which serves the
 * demo data through a publishable key. Filters, the profile view and
 * avatars have files of their own.
 */
const apiBase = inject("apiBase");
const pageBase = inject("pageBase");
const keys = inject("keys");
// The demo organization's publicly listed supporters (data/demo.json).
const LISTED = 14;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe("the embedded directory", () => {
  it("is served from another origin than the page, as a module browsers may load", () => {
    expect(new URL(apiBase).origin).not.toBe(new URL(pageBase).origin);
  });

  it("renders a card per supporter (name, availability, bio, tags) and the count of all", async () => {
    const visited = await visit(browser);
    const { page, apiRequests } = visited;
    await expect.poll(() => page.locator(CARDS).count()).toBe(6);
    expect((await names(page)).slice(0, 3)).toEqual(["Hanne D.", "Sindre H.", "Øyvind Å."]);
    expect(await page.locator(STATUS).textContent()).toBe(`${LISTED} peer supporters`);
    const hanne = page.locator(CARDS).first();
    expect(await hanne.locator("[part=bio]").textContent()).toMatch(/sorg/);
    expect(await hanne.locator("[part=availability]").textContent()).toBe("Available to talk");
    // Topics and interests as one set: "Traumer" is both, shown once.
    expect(await hanne.locator("[part=topics] li").allTextContents()).toEqual(["Sorg", "Traumer"]);
    expect(await hanne.textContent()).not.toContain("Dahl");
    // The key travels in the URL, to the API's origin.
    const roster = apiRequests.find((url) => url.pathname.endsWith("/peer_supporters"));
    expect(roster?.origin).toBe(new URL(apiBase).origin);
    expect(roster?.searchParams.get("key")).toBe(keys.allowed);
    expect(await page.locator(`${WIDGET} input[part=search]`).getAttribute("placeholder")).toMatch(
      /grief/,
    );
    await leave(visited);
  });

  it("narrows the cards as the visitor searches, with one request per pause in typing", async () => {
    const visited = await visit(browser);
    const { page, apiRequests } = visited;
    await page.locator(`${WIDGET} input[part=search]`).pressSequentially("øyv");
    await expect.poll(() => names(page)).toEqual(["Øyvind Å."]);
    expect(await page.locator(STATUS).textContent()).toBe("1 peer supporter");
    const searches = apiRequests.filter((url) => url.searchParams.has("q"));
    expect(searches.map((url) => url.searchParams.get("q"))).toEqual(["øyv"]);
    await page.locator(`${WIDGET} input[part=search]`).fill("zzzz-nobody");
    await expect.poll(() => page.locator(STATUS).textContent()).toMatch(/No peer supporters match/);
    expect(await page.locator(CARDS).count()).toBe(0);
    await leave(visited);
  });

  it("pages with previous and next, showing skeleton cards of the same count while loading", async () => {
    const visited = await visit(browser);
    const { page } = visited;
    const pager = page.locator(`${WIDGET} [part=pager]`);
    await expect.poll(() => pager.textContent()).toMatch(/Page 1 of 3/);
    const firstPage = await names(page);
    // Hold the next page's answer until the skeletons have been seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/peer_supporters\?/, async (route) => {
      await held;
      await route.fallback();
    });
    await pager.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.locator(`${WIDGET} li[part~=skeleton]`).count()).toBe(6);
    expect(await page.locator(`${WIDGET} [part=list]`).getAttribute("aria-busy")).toBe("true");
    release();
    await expect.poll(() => pager.textContent()).toMatch(/Page 2 of 3/);
    const secondPage = await names(page);
    expect(secondPage).toHaveLength(6);
    expect(secondPage.some((name) => firstPage.includes(name))).toBe(false);
    await pager.getByRole("button", { name: "Previous" }).click();
    await expect.poll(() => names(page)).toEqual(firstPage);
    await leave(visited);
  });

  it("on a 375 px phone, Next moves focus and scroll to the top of the new page", async () => {
    const visited = await visit(browser, "", { viewport: { width: 375, height: 667 } });
    const { page } = visited;
    const next = page.locator(`${WIDGET} [part=pager]`).getByRole("button", { name: "Next" });
    await next.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    await next.click();
    await expect
      .poll(() => page.locator(`${WIDGET} [part=page-label]`).textContent())
      .toBe("Page 2 of 3");
    expect(await focused(page)).toMatchObject({ part: "list" });
    const listTop = await page
      .locator(`${WIDGET} [part=list]`)
      .evaluate((list) => list.getBoundingClientRect().top);
    expect(listTop).toBeGreaterThanOrEqual(0);
    expect(listTop).toBeLessThan(60);
    await leave(visited);
  });

  it("is reachable by keyboard, with a visible focus ring, and pages with Enter", async () => {
    const visited = await visit(browser);
    const { page } = visited;
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ part: "search", outline: "solid" });
    await page.locator(`${WIDGET} [part=pager]`).getByRole("button", { name: "Next" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator(`${WIDGET} [part=page-label]`).textContent())
      .toBe("Page 2 of 3");
    // Focus is on the new page's list; the next Tab reaches its first card.
    expect(await focused(page)).toMatchObject({ part: "list" });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ part: "card-button" });
    await leave(visited);
  });

  it("says a refused key is final: no retry, and the console says why", async () => {
    const visited = await visit(browser, `?key=${keys.revoked}`);
    const { page } = visited;
    expect(await page.locator(STATUS).textContent()).toBe(
      "The peer supporters cannot be shown on this page. Please contact the organization.",
    );
    expect(await page.locator(CARDS).count()).toBe(0);
    expect(await page.locator(`${WIDGET} button[part=retry]`).isVisible()).toBe(false);
    expect(visited.console.join("\n")).toMatch(/key was refused \(Unauthorized Access\)/);
    await leave(visited);
  });

  it("on a site the key is not allowed on, names the refused origin in the console", async () => {
    const visited = await visit(browser, `?key=${keys.otherSite}`);
    const { page } = visited;
    expect(await page.locator(STATUS).textContent()).toMatch(/cannot be shown on this page/);
    expect(await page.locator(`${WIDGET} button[part=retry]`).isVisible()).toBe(false);
    const logged = visited.console.join("\n");
    expect(logged).toMatch(/origin is not on the key's list/);
    expect(logged).toContain(`This page's origin is ${new URL(pageBase).origin}`);
    await leave(visited);
  });

  it("offers a retry where retrying can help (a 503), and recovers when it is asked", async () => {
    const down = /\/peer_supporters\?/;
    const visited = await visit(browser, "", {
      prepare: (page) =>
        page.route(down, (route) =>
          route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"Down"}' }),
        ),
    });
    const { page } = visited;
    expect(await page.locator(STATUS).textContent()).toMatch(/Check your connection and try again/);
    expect(visited.console.join("\n")).toMatch(/busy or down \(503 Down\)/);
    await page.unroute(down);
    await page.locator(`${WIDGET} button[part=retry]`).click();
    await expect.poll(() => page.locator(CARDS).count()).toBe(6);
    await leave(visited);
  });

  it.each(["", "?lang=nb", "?lang=nn", `?key=${keys.revoked}`])(
    "has no serious or critical axe-core violation (%s)",
    async (query) => {
      const visited = await visit(browser, query);
      expect(await axeViolations(visited.page, axe.source)).toEqual([]);
      await leave(visited);
    },
  );
});
