import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { expect, inject } from "vitest";
import { nextSignInLink, sentEmailIds } from "../../scripts/lib/local-email.ts";

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
