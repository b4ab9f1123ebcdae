import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { expectAccessibleOnAPhone, inSharedSession, signedInAs } from "./console-session.ts";

/*
 * The coordinator console as a coordinator meets it, on `wrangler dev` with
 * the demo data: signed in from the email the local send_email binding kept,
 * the week's tasks done with JavaScript on and off, in both languages, on a
 * phone-sized screen too.
 */
const apiBase = inject("apiBase");
const MENTORS = `/console/org_x9y8z7/mentors`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** A browser context in the demo admin's shared session, on the mentor list. */
const signedIn = (options: Parameters<typeof signedInAs>[1]) => inSharedSession(browser, options);

const rowNames = (page: Page) => page.locator("tbody td:first-child a").allTextContents();

describe.each([
  { javaScriptEnabled: true, renew: "Ole Hansen", pause: "Kari Nordmann" },
  { javaScriptEnabled: false, renew: "Bjørn Ærdal", pause: "Ingrid Berg" },
])(
  "a coordinator's week with JavaScript $javaScriptEnabled",
  ({ javaScriptEnabled, renew, pause }) => {
    let context: BrowserContext;
    afterAll(() => context.close());

    it("signs in, finds who expires within 60 days, renews one, pauses another, downloads the list, signs out", async () => {
      const session = await signedInAs(browser, { javaScriptEnabled });
      context = session.context;
      const { page } = session;
      expect(await page.locator("html").getAttribute("lang")).toBe("nb");

      await page.getByLabel("Utløper innen (dager)").fill("60");
      await page.getByRole("button", { name: "Vis", exact: true }).click();
      await page.waitForURL(/expires_within_days=60/);
      expect(await rowNames(page)).toContain(renew);
      expect(await rowNames(page)).not.toContain("Ingrid Berg");

      await page.getByRole("link", { name: renew }).click();
      await page.getByLabel("Sertifiseringen utløper").fill("2030-06-01");
      await page.getByRole("button", { name: "Lagre ny utløpsdato" }).click();
      await page.waitForURL(/notice=saved/);
      await expect.poll(() => page.getByText("Lagret.").count()).toBe(1);
      expect(await page.locator("dl.facts").textContent()).toContain("1. juni 2030");

      await page.goto(`${apiBase}${MENTORS}`);
      await page.getByRole("link", { name: pause }).click();
      await page.getByLabel("Begrunnelse").fill("Permisjon til august");
      await page.getByRole("button", { name: "Sett på pause" }).click();
      await page.waitForURL(/notice=saved/);
      const history =
        (await page.locator("section", { hasText: "Statushistorikk" }).textContent()) ?? "";
      expect(history).toContain("Permisjon til august");
      expect(history).toContain("Demo Admin");

      await page.goto(`${apiBase}${MENTORS}?expires_within_days=60`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Last ned som CSV" }).click(),
      ]);
      const csv = await (await download.createReadStream()).toArray();
      const text = Buffer.concat(csv as Buffer[]).toString("utf8");
      expect(text.split("\n")[0]).toContain("mentor_id");
      expect(text).not.toContain("Ingrid Berg");

      await page.getByRole("button", { name: "Logg ut" }).click();
      await page.waitForURL(`${apiBase}/console/sign-in`);
      await page.goto(`${apiBase}${MENTORS}`);
      expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    });
  },
);

describe("accessibility", () => {
  it("has no serious or critical axe-core violation in either language, and fits a 375 px phone", async () => {
    const { context, page } = await expectAccessibleOnAPhone(browser, [
      MENTORS,
      `${MENTORS}/mentor_a1b2c3`,
      `${MENTORS}/new`,
      "/console/org_x9y8z7/team",
    ]);
    // Keyboard: the first Tab reaches the skip link, and it shows.
    await page.goto(`${apiBase}${MENTORS}`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await context.close();
  });

  it("shows the error summary and each error beside its field, with what was typed kept", async () => {
    const { context, page } = await signedIn({ javaScriptEnabled: false });
    await page.goto(`${apiBase}${MENTORS}/new`);
    await page.getByLabel("Fullt navn").fill("Åsa Ny");
    await page.getByLabel("E-post").fill("ikke-en-adresse");
    await page.getByRole("button", { name: "Legg til", exact: true }).click();
    await expect.poll(() => page.locator(".summary a[href='#email']").count()).toBe(1);
    expect(await page.getByLabel("Fullt navn").inputValue()).toBe("Åsa Ny");
    expect(await page.locator("#email").getAttribute("aria-invalid")).toBe("true");
    await context.close();
  });
});
