import { existsSync, readFileSync, writeFileSync } from "node:fs";
import axe from "axe-core";
import type { Browser, BrowserContext } from "playwright-core";
import { expect, inject } from "vitest";
import { nextSignInLink, sentEmailIds } from "../../scripts/lib/local-email.ts";
import { axeViolations } from "./widget-page.ts";

const apiBase = inject("apiBase");
const admin = inject("consoleAdmin");
const sessionFile = inject("consoleSessionFile");
const MENTORS = `/console/org_x9y8z7/mentors`;

type ContextOptions = {
  javaScriptEnabled: boolean;
  viewport?: { width: number; height: number };
};
type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** A browser context signed in as the demo admin, the way a person does it: the form, the email's link, the button. */
export async function signedInAs(browser: Browser, options: ContextOptions) {
  const context = await browser.newContext({ ...options, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${apiBase}/console`);
  expect(new URL(page.url()).pathname).toBe("/console/sign-in");
  // What was sent before is skipped, so the link read is this sign-in's.
  const seen = await sentEmailIds(apiBase);
  await page.getByLabel("E-postadresse").fill(admin);
  await page.getByRole("button", { name: "Send meg en lenke" }).click();
  // A wait, not expect.poll: this also runs in a beforeAll, outside any test.
  await page.getByRole("heading", { name: "Sjekk e-posten din" }).waitFor();
  await page.goto(await nextSignInLink(apiBase, admin, seen));
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(`${apiBase}${MENTORS}`);
  return { context, page };
}

/**
 * A browser context in the demo admin's shared session, on the mentor list:
 * for tests of what comes after sign-in. The sign-in form allows five a
 * minute per address, so the test files, which run one after another against
 * one server, sign in once between them (the session's cookies in a file the
 * global set-up's fresh state directory holds) and the tests of sign-in itself
 * use signedInAs.
 */
export async function inSharedSession(browser: Browser, options: ContextOptions) {
  if (!existsSync(sessionFile)) {
    const { context } = await signedInAs(browser, { javaScriptEnabled: true });
    writeFileSync(sessionFile, JSON.stringify(await context.storageState()));
    await context.close();
  }
  const storageState = JSON.parse(readFileSync(sessionFile, "utf8")) as StorageState;
  const context = await browser.newContext({ ...options, storageState, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${apiBase}${MENTORS}`);
  return { context, page };
}

/**
 * Opens each of `paths` in the shared session on a 375 px phone, in Bokmål
 * and then in English (the member's own switch, kept on this browser only):
 * axe-core finds no serious or critical violation and nothing is wider than
 * the screen. Answers the context, in English, for more checks.
 */
export async function expectAccessibleOnAPhone(browser: Browser, paths: readonly string[]) {
  const session = await inSharedSession(browser, {
    javaScriptEnabled: true,
    viewport: { width: 375, height: 740 },
  });
  const { page } = session;
  for (const language of ["nb", "en"]) {
    for (const path of paths) {
      await page.goto(`${apiBase}${path}`);
      expect(await page.locator("html").getAttribute("lang")).toBe(language);
      expect(await axeViolations(page, axe.source), `${language} ${path}`).toEqual([]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${language} ${path}`).toBeLessThanOrEqual(0);
    }
    if (language === "nb") {
      await page.getByRole("combobox", { name: "Språk", exact: true }).selectOption("en");
      await page.getByRole("button", { name: "Bytt" }).click();
    }
  }
  return session;
}
