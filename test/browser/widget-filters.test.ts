import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { focused, leave, names, settled, STATUS, visit, WIDGET } from "./widget-page.ts";

/*
 * Topic chips from the organization's topics, any-of filtering, the
 * availability toggle, and the visitor's choices mirrored in the page's URL
 * with `sync-url` (and restored from it).
 */
const pageBase = inject("pageBase");
const FILTERS = `${WIDGET} [part=filters]`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

const chip = (page: Page, name: string) =>
  page.locator(FILTERS).getByRole("button", { name, exact: false });

async function press(page: Page, name: string) {
  await chip(page, name).first().click();
  await settled(page);
}

const rosterRequests = (requests: URL[]) =>
  requests.filter((url) => url.pathname.endsWith("/peer_supporters"));

describe("topic chips", () => {
  it("list the organization's topics with counts, and filter by any of the chosen ones", async () => {
    const visited = await visit(browser);
    const { page, apiRequests } = visited;
    const labels = await page.locator(`${FILTERS} [part~=chip]`).allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining(["Traumer 2", "Sorg 3", "Angst 4", "Available to talk"]),
    );
    await press(page, "Traumer");
    expect(await chip(page, "Traumer").getAttribute("aria-pressed")).toBe("true");
    expect(await names(page)).toEqual(["Hanne D.", "Bjørn Æ."]);
    expect(await page.locator(STATUS).textContent()).toBe("2 peer supporters");
    await press(page, "Sorg");
    expect(await names(page)).toEqual(["Hanne D.", "Kari N.", "Bjørn Æ.", "Maria G."]);
    expect(rosterRequests(apiRequests).at(-1)?.searchParams.getAll("topic")).toEqual([
      "Traumer",
      "Sorg",
    ]);
    await press(page, "Traumer");
    expect(await names(page)).toEqual(["Hanne D.", "Kari N.", "Maria G."]);
    await press(page, "Show everyone");
    expect(await page.locator(STATUS).textContent()).toBe("14 peer supporters");
    expect(await chip(page, "Sorg").getAttribute("aria-pressed")).toBe("false");
    await leave(visited);
  });

  it("come right after the search box by keyboard, with a visible focus ring", async () => {
    const visited = await visit(browser);
    const { page } = visited;
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ part: "chip", outline: "solid" });
    await page.keyboard.press("Enter");
    await settled(page);
    expect(await focused(page)).toMatchObject({ part: "chip chip-pressed" });
    await leave(visited);
  });

  it("filter to those available to talk", async () => {
    const visited = await visit(browser);
    await press(visited.page, "Available to talk");
    expect(await names(visited.page)).toEqual(["Hanne D."]);
    expect(rosterRequests(visited.apiRequests).at(-1)?.searchParams.get("available")).toBe("true");
    await leave(visited);
  });

  it("are not shown when the organization has no topics", async () => {
    const visited = await visit(browser, "", {
      prepare: (page) =>
        page.route(/\/topics\?/, (route) =>
          route.fulfill({ contentType: "application/json", body: '{"data":[]}' }),
        ),
    });
    expect(await visited.page.locator(FILTERS).isVisible()).toBe(false);
    expect(await names(visited.page)).toHaveLength(6);
    await leave(visited);
  });
});

describe("sync-url", () => {
  it("mirrors topics, search and page in the page's URL, keeping its other parameters", async () => {
    const visited = await visit(browser, "?sync-url&items=2&campaign=spring");
    const { page } = visited;
    await press(page, "Angst");
    await page.locator(`${WIDGET} [part=pager]`).getByRole("button", { name: "Next" }).click();
    await settled(page);
    expect(await names(page)).toEqual(["Maria G.", "Nora L."]);
    const shared = new URL(page.url());
    expect(shared.searchParams.get("campaign")).toBe("spring");
    expect(shared.searchParams.get("items")).toBe("2");
    expect(shared.searchParams.getAll("peers_topic")).toEqual(["Angst"]);
    expect(shared.searchParams.get("peers_page")).toBe("2");
    await leave(visited);

    // The shared link opens the same view.
    const opened = await visit(browser, shared.search);
    expect(await names(opened.page)).toEqual(["Maria G.", "Nora L."]);
    expect(await chip(opened.page, "Angst").getAttribute("aria-pressed")).toBe("true");
    const first = rosterRequests(opened.apiRequests)[0];
    expect(first?.searchParams.getAll("topic")).toEqual(["Angst"]);
    expect(first?.searchParams.get("page")).toBe("2");
    await opened.page.locator(`${WIDGET} input[part=search]`).fill("nora");
    await expect.poll(() => new URL(opened.page.url()).searchParams.get("peers_q")).toBe("nora");
    await settled(opened.page);
    expect(await names(opened.page)).toEqual(["Nora L."]);
    // A new search starts on page 1: the page leaves the URL.
    expect(new URL(opened.page.url()).searchParams.has("peers_page")).toBe(false);
    await leave(opened);
  });

  it("leaves the page's URL alone without sync-url", async () => {
    const visited = await visit(browser, "?items=2");
    await press(visited.page, "Traumer");
    expect(visited.page.url()).toBe(`${pageBase}/?items=2`);
    await leave(visited);
  });
});
