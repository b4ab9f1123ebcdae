import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { leave, STATUS, visit, WIDGET } from "./widget-page.ts";

/* The widget's language: its own `lang`, else the nearest ancestor's, else the document's. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** What a visitor reads first: the search label, the count and the pager. */
async function words(query: string) {
  const visited = await visit(browser, query);
  const { page } = visited;
  const read = {
    label: await page.locator(`${WIDGET} label`).textContent(),
    count: await page.locator(STATUS).textContent(),
    pager: await page.locator(`${WIDGET} [part=pager]`).textContent(),
  };
  await leave(visited);
  return read;
}

describe("the widget's language", () => {
  it("follows <html lang=nb> when the element has no lang of its own", async () => {
    expect(await words("?page-lang=nb")).toEqual({
      label: "Søk etter likepersoner",
      count: "14 likepersoner",
      pager: "ForrigeSide 1 av 3Neste",
    });
  });

  it("follows the nearest ancestor's lang=nn over the document's, in Nynorsk", async () => {
    expect(await words("?page-lang=nb&section-lang=nn")).toEqual({
      label: "Søk etter likepersonar",
      count: "14 likepersonar",
      pager: "FørreSide 1 av 3Neste",
    });
  });

  it("takes the element's own lang first", async () => {
    expect(await words("?page-lang=nb&section-lang=nb&lang=en")).toMatchObject({
      label: "Search peer supporters",
      count: "14 peer supporters",
    });
    expect(await words("?lang=nn-NO")).toMatchObject({ label: "Søk etter likepersonar" });
  });
});
