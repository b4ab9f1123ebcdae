import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { CARDS, leave, visit } from "./widget-page.ts";

/*
 * Avatars: the organization's pictures (here served by the demo page's
 * origin, ASSETS_BASE_URL), initials on a colour when a member has none or
 * it fails to load, and never the API's third-party stand-in picture.
 */
const pageBase = inject("pageBase");
const AVATARS = /\/users\/avatars\//;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

type Avatar = {
  initials: string;
  image: boolean;
  loaded: boolean;
  background: string;
  altText: string;
};

/** Each card's avatar: its initials, whether a picture shows (and has loaded), its colour. */
const avatars = (page: import("playwright-core").Page) =>
  page.locator(`${CARDS} [part=avatar]`).evaluateAll((circles) =>
    circles.map((circle): Avatar => {
      const image = circle.querySelector("img");
      return {
        initials: circle.querySelector("[part=initials]")?.textContent ?? "",
        image: image !== null,
        loaded: image !== null && image.complete && image.naturalWidth > 0,
        background: getComputedStyle(circle).backgroundColor,
        altText: image?.alt ?? "",
      };
    }),
  );

describe("avatars", () => {
  it("show the organization's pictures, and initials for members without one, asking no third party", async () => {
    const visited = await visit(browser);
    const { page } = visited;
    await expect.poll(async () => (await avatars(page)).filter((a) => a.loaded).length).toBe(3);
    const shown = await avatars(page);
    // Hanne, Øyvind and Kari have pictures; Sindre, Åse and Ole have none (the public roster says null).
    expect(shown.map((a) => [a.initials, a.image])).toEqual([
      ["HD", true],
      ["SH", false],
      ["ØÅ", true],
      ["ÅØ", false],
      ["KN", true],
      ["OH", false],
    ]);
    expect(shown.every((a) => a.altText === "")).toBe(true);
    const pictures = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => e.name),
    );
    expect(
      pictures.filter((url) => AVATARS.test(url)).every((url) => url.startsWith(pageBase)),
    ).toBe(true);
    await leave(visited);
  });

  it("fall back to initials on a steady colour when the pictures fail to load: no broken image", async () => {
    const failed: string[] = [];
    const visited = await visit(browser, "", {
      prepare: (page) =>
        page.route(AVATARS, (route) => {
          failed.push(route.request().url());
          return route.fulfill({ status: 404, body: "" });
        }),
    });
    const { page } = visited;
    await expect.poll(() => failed.length).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await avatars(page)).filter((a) => a.image).length).toBe(0);
    const shown = await avatars(page);
    expect(shown.map((a) => a.initials)).toEqual(["HD", "SH", "ØÅ", "ÅØ", "KN", "OH"]);
    // A colour from the member's id: the same on every visit, not all the same.
    expect(new Set(shown.map((a) => a.background)).size).toBeGreaterThan(1);
    const again = await visit(browser);
    expect((await avatars(again.page)).map((a) => a.background)).toEqual(
      shown.map((a) => a.background),
    );
    await leave(again);
    await leave(visited);
  });
});
