import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { axeViolations, CARDS, focused, leave, visit, WIDGET } from "./widget-page.ts";

/*
 * The profile view: a card opens a dialog with the supporter's whole public
 * record, the element tells the page (events), and the page may take the
 * contact step over (preventDefault) or let the contact link navigate.
 */
const apiBase = inject("apiBase");
const pageBase = inject("pageBase");
const keys = inject("keys");
const CONTACT = "/contact?supporter={id}";
const DIALOG = `${WIDGET} dialog[part=dialog]`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Hanne's record as the public roster answers it (no Origin: not a browser's call). */
async function hanneRecord(): Promise<unknown> {
  const response = await fetch(
    `${apiBase}/api/v2/organizations/5/peer_supporters?key=${keys.allowed}&items=6`,
  );
  const page = (await response.json()) as { peer_supporters: { full_name: string }[] };
  return page.peer_supporters.find((supporter) => supporter.full_name === "Hanne D.");
}

/** Records every peer-supporter-* event that reaches the document, with its detail. */
async function recordEvents(page: Page) {
  await page.evaluate(() => {
    const events: { type: string; detail: unknown; target: string }[] = [];
    Object.assign(window, { peerEvents: events });
    for (const type of ["peer-supporter-select", "peer-supporter-contact"]) {
      document.addEventListener(type, (event) => {
        events.push({
          type,
          detail: (event as CustomEvent).detail,
          target: (event.target as Element).localName,
        });
      });
    }
  });
  return () => page.evaluate(() => (window as unknown as { peerEvents: unknown[] }).peerEvents);
}

const openHanne = (page: Page) =>
  page.locator(CARDS).first().getByRole("button", { name: "Hanne D." }).click();

describe("the profile view", () => {
  it("opens from a card as a labelled modal dialog with the whole public record, focus inside", async () => {
    const visited = await visit(browser, `?contact-url=${encodeURIComponent(CONTACT)}`);
    const { page } = visited;
    await openHanne(page);
    const dialog = page.getByRole("dialog", { name: "Hanne D." });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(
      await page
        .locator(DIALOG)
        .evaluate((d) => (d as HTMLDialogElement).open && d.matches(":modal")),
    ).toBe(true);
    expect(await focused(page)).toMatchObject({ part: "dialog-close", text: "Close" });
    expect(await dialog.locator("[part=greeting]").textContent()).toBe(
      "Hei, jeg heter Hanne. Så fint at du tar kontakt.",
    );
    expect(await dialog.locator("[part=bio] p").textContent()).toMatch(/sorg og tap/);
    expect(await dialog.locator("[part=motivation] p").textContent()).toMatch(
      /fotfeste etter et tap/,
    );
    // Health-related: off unless the organization opted in, and it has not.
    expect(await dialog.locator("[part=recovery-status]").count()).toBe(0);
    expect(await dialog.locator("[part=topics] li").allTextContents()).toEqual(["Sorg", "Traumer"]);
    expect(await dialog.locator("[part=interests] li").allTextContents()).toEqual([
      "Sorg",
      "Traumer",
    ]);
    expect(await dialog.locator("[part=availability]").textContent()).toBe("Available to talk");
    const contact = dialog.getByRole("link", { name: "Contact Hanne D." });
    expect(await contact.getAttribute("href")).toBe(`${pageBase}/contact?supporter=812`);
    expect(await dialog.textContent()).not.toMatch(/Dahl|@/);
    await leave(visited);
  });

  it("closes on Escape and gives focus back to the card that opened it", async () => {
    const visited = await visit(browser);
    const { page } = visited;
    await openHanne(page);
    await expect.poll(() => page.locator(DIALOG).isVisible()).toBe(true);
    // The page behind is inert while the dialog is open: Tab never reaches it (only the
    // dialog, or the browser's own controls beyond it).
    const focusBehind = () =>
      page.evaluate(() => {
        const active = document.querySelector("peer-supporters-directory")?.shadowRoot
          ?.activeElement;
        if (active) return active.closest("dialog") ? null : active.outerHTML;
        const outside = document.activeElement;
        return outside && outside !== document.body ? outside.outerHTML : null;
      });
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await focusBehind()).toBeNull();
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(DIALOG).isVisible()).toBe(false);
    expect(await focused(page)).toMatchObject({ part: "card-button", text: "Hanne D." });
    // No contact-url: no contact step.
    await openHanne(page);
    expect(await page.locator(`${DIALOG} [part=contact]`).count()).toBe(0);
    await page.locator(`${DIALOG} [part=dialog-close]`).click();
    expect(await focused(page)).toMatchObject({ part: "card-button", text: "Hanne D." });
    await leave(visited);
  });

  it("fires peer-supporter-select and peer-supporter-contact with the public record; a cancelled contact stays", async () => {
    const visited = await visit(browser, `?contact-url=${encodeURIComponent(CONTACT)}`);
    const { page } = visited;
    const events = await recordEvents(page);
    const hanne = await hanneRecord();
    expect(hanne).toBeDefined();
    await openHanne(page);
    expect(await events()).toEqual([
      { type: "peer-supporter-select", detail: hanne, target: WIDGET },
    ]);
    // The page opens its own form instead: preventDefault keeps the visitor here.
    await page.evaluate(() => {
      document.addEventListener(
        "peer-supporter-contact",
        (event) => {
          event.preventDefault();
        },
        {
          once: true,
        },
      );
    });
    await page.locator(`${DIALOG} [part=contact]`).click();
    expect(page.url()).toBe(`${pageBase}/?contact-url=${encodeURIComponent(CONTACT)}`);
    expect((await events())[1]).toEqual({
      type: "peer-supporter-contact",
      detail: hanne,
      target: WIDGET,
    });
    // Not cancelled: the link goes to the organization's contact form.
    await page.route(/\/contact\?/, (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>Contact us</title>" }),
    );
    await Promise.all([
      page.waitForURL(`${pageBase}/contact?supporter=812`),
      page.locator(`${DIALOG} [part=contact]`).click(),
    ]);
    await leave(visited);
  });

  it("leaves the profile to the page when it cancels peer-supporter-select", async () => {
    const visited = await visit(browser);
    const { page } = visited;
    await page.evaluate(() => {
      document.addEventListener("peer-supporter-select", (event) => {
        event.preventDefault();
      });
    });
    await openHanne(page);
    expect(await page.locator(DIALOG).isVisible()).toBe(false);
    await leave(visited);
  });

  it.each(["", "?lang=nn"])(
    "has no serious or critical axe-core violation with the dialog open (%s)",
    async (query) => {
      const visited = await visit(
        browser,
        `${query}${query ? "&" : "?"}contact-url=${encodeURIComponent(CONTACT)}`,
      );
      await openHanne(visited.page);
      await expect.poll(() => visited.page.locator(DIALOG).isVisible()).toBe(true);
      expect(await axeViolations(visited.page, axe.source)).toEqual([]);
      await leave(visited);
    },
  );
});
