import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { expectAccessibleOnAPhone, inSharedSession } from "./console-session.ts";

/*
 * The console's roster and public page (issue 28 §1, §2) as a coordinator
 * meets them on `wrangler dev`: a supporter added, hidden and removed with
 * JavaScript on and off (a new, pending one: the widget's tests read the
 * same demo roster), and axe-core in both languages at 375 px.
 */
const apiBase = inject("apiBase");
const ROSTER = "/console/org_x9y8z7/roster";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe.each([
  { javaScriptEnabled: true, first: "Sølvi" },
  { javaScriptEnabled: false, first: "Åsmund" },
])("the roster with JavaScript $javaScriptEnabled", ({ javaScriptEnabled, first }) => {
  it("adds a supporter, sees why they are off the page, hides them with who did it, removes them", async () => {
    const { context, page } = await inSharedSession(browser, { javaScriptEnabled });
    await page.goto(`${apiBase}${ROSTER}`);
    await page.getByRole("link", { name: "Legg til likeperson" }).click();
    await page.getByLabel("Fornavn").fill(first);
    await page.getByLabel("Etternavn").fill("Ødegård");
    await page.getByLabel("Temaer").fill("Sorg\nPårørende");
    await page.getByRole("button", { name: "Legg til", exact: true }).click();
    await page.waitForURL(/notice=created/);
    await expect.poll(() => page.getByText("Likepersonen er lagt til.").count()).toBe(1);
    expect(await page.getByText("Ikke på siden: venter på godkjenning").count()).toBe(1);
    expect(await page.locator(".preview-name").textContent()).toBe(`${first} Ø.`);

    await page.getByRole("button", { name: "Skjul fra den offentlige siden" }).click();
    await page.waitForURL(/notice=saved/);
    expect(await page.locator("#history ~ div tbody").textContent()).toMatch(
      /Skjult.*\(konsollen\)/,
    );

    await page.getByLabel(`Ja, fjern ${first} Ødegård`).check();
    await page.getByRole("button", { name: "Fjern", exact: true }).click();
    await page.waitForURL(/notice=removed/);
    expect(await page.getByRole("link", { name: `${first} Ødegård` }).count()).toBe(0);
    await context.close();
  });
});

describe("accessibility of the roster and the public page", () => {
  it("has no serious or critical axe-core violation in either language, and fits a 375 px phone", async () => {
    const { context } = await expectAccessibleOnAPhone(browser, [
      ROSTER,
      `${ROSTER}/816`,
      `${ROSTER}/new`,
      "/console/org_x9y8z7/public-page",
    ]);
    await context.close();
  });
});
