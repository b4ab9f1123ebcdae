import type { Browser } from "playwright-core";
import { expect, inject } from "vitest";
import { nextSignInLink, sentEmailIds } from "../../scripts/lib/local-email.ts";

const apiBase = inject("apiBase");
const admin = inject("consoleAdmin");
const MENTORS = `/console/org_x9y8z7/mentors`;

/** A browser context signed in as the demo admin, the way a person does it. */
export async function signedInAs(
  browser: Browser,
  options: {
    javaScriptEnabled: boolean;
    viewport?: { width: number; height: number };
  },
) {
  const context = await browser.newContext({ ...options, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${apiBase}/console`);
  expect(new URL(page.url()).pathname).toBe("/console/sign-in");
  // What was sent before is skipped, so the link read is this sign-in's.
  const seen = await sentEmailIds(apiBase);
  await page.getByLabel("E-postadresse").fill(admin);
  await page.getByRole("button", { name: "Send meg en lenke" }).click();
  await expect
    .poll(() => page.getByRole("heading", { name: "Sjekk e-posten din" }).count())
    .toBe(1);
  await page.goto(await nextSignInLink(apiBase, admin, seen));
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(`${apiBase}${MENTORS}`);
  return { context, page };
}
