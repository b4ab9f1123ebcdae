import { HtmlValidate } from "html-validate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";

/*
 * The hosted roster page as a visitor without JavaScript meets it, served by
 * `wrangler dev` on the demo data: it lists, searches with its GET form, pages
 * with its links, and loads nothing from any other origin.
 */
const apiBase = inject("apiBase");
const keys = inject("keys");

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** A page with JavaScript off that records every request and console message. */
async function openWithoutScripts(path: string) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requests: URL[] = [];
  const console: string[] = [];
  page.on("request", (request) => requests.push(new URL(request.url())));
  page.on("console", (message) => console.push(message.text()));
  const response = await page.goto(`${apiBase}${path}`);
  return { page, requests, console, response };
}

const names = (page: Page) => page.locator(".card h2 a").allTextContents();

describe("the hosted page with JavaScript disabled", () => {
  it("lists, searches and pages, loading nothing from a third party", async () => {
    const { page, requests, console } = await openWithoutScripts(
      `/o/5/peer-supporters?key=${keys.allowed}&items=5&lang=en`,
    );
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await names(page)).toHaveLength(5);
    const firstPage = await names(page);

    await page.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/page=2/);
    const secondPage = await names(page);
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage).not.toEqual(firstPage);
    await expect.poll(() => page.getByText("Page 2 of").count()).toBe(1);

    await page.getByLabel("Search peer supporters").fill("øyvind");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=%C3%B8yvind/);
    expect(await names(page)).toEqual(["Øyvind Å."]);
    expect(await page.locator(".count").textContent()).toBe("1 peer supporter");

    await page.getByRole("link", { name: "Øyvind Å." }).click();
    await page.waitForURL(/peer-supporters\/\d+\?/);
    expect(await page.locator("h1").textContent()).toBe("Øyvind Å.");

    const origins = new Set(requests.map((url) => url.origin));
    expect([...origins]).toEqual([apiBase]);
    // The stylesheet loaded: the page is styled under its own CSP, and nothing was refused.
    expect(requests.some((url) => url.pathname === "/hosted/peer-supporters.css")).toBe(true);
    expect(console.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
  });

  it("is valid HTML as served", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:standard", "html-validate:a11y"],
    });
    for (const path of ["/o/5/peer-supporters", "/o/5/peer-supporters/812"]) {
      const response = await fetch(`${apiBase}${path}?key=${keys.allowed}`);
      expect(response.status).toBe(200);
      const report = await validator.validateString(await response.text());
      expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([]);
    }
  });
});
