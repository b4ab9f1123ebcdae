import type { Browser, Page, ViewportSize } from "playwright-core";
import { expect, inject } from "vitest";

/*
 * The demo page (another origin than the API) as the widget's tests open
 * it: every request to an origin other than the page's and the API's is
 * aborted and recorded, so each test can assert that nothing reached a
 * third party.
 */
const apiBase = inject("apiBase");
const pageBase = inject("pageBase");

export const WIDGET = "peer-supporters-directory";
export const CARDS = `${WIDGET} li[part=card]`;
export const NAMES = `${WIDGET} [part=name]`;
export const STATUS = `${WIDGET} [part=status]`;

export type Visit = { page: Page; apiRequests: URL[]; foreign: string[]; console: string[] };

/** Waits until the widget is not loading (its list has no aria-busy). */
export const settled = (page: Page) =>
  page.waitForFunction(() => {
    const root = document.querySelector("peer-supporters-directory")?.shadowRoot;
    return root?.querySelector("[part=list]")?.getAttribute("aria-busy") === null;
  });

type VisitOptions = {
  viewport?: ViewportSize;
  /** Runs before the page loads: routes of the test's own, say. */
  prepare?: (page: Page) => Promise<unknown>;
};

/** Opens the demo page (with `query` overriding its attributes) and waits for the first cards or state. */
export async function visit(
  browser: Browser,
  query = "",
  { viewport = { width: 1280, height: 800 }, prepare }: VisitOptions = {},
): Promise<Visit> {
  const page = await browser.newPage({ viewport });
  const visited: Visit = { page, apiRequests: [], foreign: [], console: [] };
  const ours = [new URL(apiBase).origin, new URL(pageBase).origin];
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (ours.includes(url.origin)) return route.fallback();
    visited.foreign.push(url.href);
    return route.abort("blockedbyclient");
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) visited.apiRequests.push(url);
  });
  page.on("console", (message) => {
    visited.console.push(message.text());
  });
  await prepare?.(page);
  await page.goto(`${pageBase}/${query}`);
  await settled(page);
  return visited;
}

/** Closes the page, first checking it asked no third-party origin for anything. */
export async function leave({ page, foreign }: Visit) {
  await page.close();
  expect(foreign, "requests to a third-party origin").toEqual([]);
}

export const names = (page: Page) => page.locator(NAMES).allTextContents();

/** The element focused inside the widget's shadow root (or its open dialog): part, text, outline. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector("peer-supporters-directory")?.shadowRoot?.activeElement;
    if (!active) return null;
    return {
      part: active.getAttribute("part"),
      text: active.textContent,
      outline: getComputedStyle(active).outlineStyle,
    };
  });

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page, axeSource: string): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

declare global {
  interface Window {
    axe: typeof import("axe-core");
  }
}
