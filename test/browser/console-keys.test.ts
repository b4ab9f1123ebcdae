import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { expectAccessibleOnAPhone, inSharedSession } from "./console-session.ts";
import { leave, names, visit } from "./widget-page.ts";

/*
 * The console's keys and notification settings as the demo admin meets
 * them on `wrangler dev`: the web person's key and snippet (JavaScript on),
 * the reminder address changed alone and a secret key shown once
 * (JavaScript off), axe-core in both languages on a 375 px phone.
 */
const apiBase = inject("apiBase");
const pageBase = inject("pageBase");
const KEYS = "/console/org_x9y8z7/keys";
const NOTIFICATIONS = "/console/org_x9y8z7/notifications";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe("keys and notifications in the console", () => {
  it("with JavaScript on: makes a publishable key whose snippet works in the widget on the named site", async () => {
    const { context, page } = await inSharedSession(browser, { javaScriptEnabled: true });
    await page.goto(`${apiBase}${KEYS}`);
    await page.getByLabel("Publiserbar").check();
    await page.getByLabel("Navn på nøkkelen").fill("Nettsiden");
    // The organization's website: the demo page, on another origin than the API.
    await page.getByLabel("Nettsteder").fill(new URL(pageBase).origin);
    await page.getByRole("button", { name: "Lag nøkkelen" }).click();
    await page.waitForURL(/notice=created/);
    // The new key's row: the demo's own keys (one for another website only) are listed too.
    const cell = page.getByRole("cell", { name: /^Nettsiden prt_pk_/ });
    await cell.locator("summary").click();
    const snippet = (await cell.locator("details pre").textContent()) ?? "";
    const key = /key="(prt_pk_[A-Za-z0-9_-]{43})"/.exec(snippet)?.[1] ?? "";
    expect(key).not.toBe("");
    expect(snippet).toContain(`${apiBase}/embed/peer-supporters.js`);
    // The widget on that website, with the key from the snippet, shows the supporters.
    const visited = await visit(browser, `?key=${key}`);
    expect((await names(visited.page)).length).toBeGreaterThan(0);
    await leave(visited);
    await context.close();
  });

  it("with JavaScript off: changes the reminder address alone, and shows a secret key once", async () => {
    const { context, page } = await inSharedSession(browser, { javaScriptEnabled: false });
    await page.goto(`${apiBase}${NOTIFICATIONS}`);
    const days = await page.getByLabel("Påminnelsesdager").inputValue();
    await page.getByLabel("Koordinatorenes adresser").fill("ny.koordinator@frivillig.no");
    await page.getByRole("button", { name: "Lagre" }).click();
    await page.waitForURL(/notice=saved/);
    expect(await page.getByLabel("Koordinatorenes adresser").inputValue()).toBe(
      "ny.koordinator@frivillig.no",
    );
    expect(await page.getByLabel("Påminnelsesdager").inputValue()).toBe(days);

    await page.goto(`${apiBase}${KEYS}`);
    await page.getByLabel("Hemmelig").check();
    await page.getByLabel("Navn på nøkkelen").fill("Utvikleren");
    await page.getByRole("button", { name: "Lag nøkkelen" }).click();
    const secret = (await page.locator("#new-secret + p + pre").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^prt_[A-Za-z0-9_-]{43}$/);
    await page.goto(`${apiBase}${KEYS}`);
    expect(await page.content()).not.toContain(secret);
    await context.close();
  });

  it("has no serious or critical axe-core violation in either language, and fits a 375 px phone", async () => {
    const { context } = await expectAccessibleOnAPhone(browser, [KEYS, NOTIFICATIONS]);
    await context.close();
  });
});
