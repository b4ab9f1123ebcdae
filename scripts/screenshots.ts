// npm run screenshots: the guides' pictures of the widget, the hosted page and the console, from a real
// Chromium against `wrangler dev` on the demo data (scripts/lib/demo-stack.ts), into docs/screenshots/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildAssets } from "./lib/assets.ts";
import { PROJECT_ROOT } from "./lib/bindings.ts";
import { launchChromium } from "./lib/chromium.ts";
import { shootConsole } from "./lib/console-screenshots.ts";
import { DEMO_ORGANIZATION, startDemoStack } from "./lib/demo-stack.ts";

const OUT_DIR = join(PROJECT_ROOT, "docs", "screenshots");
const DESKTOP = { width: 1200, height: 900 };
const PHONE = { width: 375, height: 812 };
// A supporter's contact step goes to the organization's own form.
const CONTACT_URL = encodeURIComponent("/contact?supporter={id}");

type Shot = { file: string; viewport: typeof DESKTOP; query: string; profile?: boolean };

const SHOTS: Shot[] = [
  { file: "widget-desktop.png", viewport: DESKTOP, query: "" },
  { file: "widget-desktop-dark.png", viewport: DESKTOP, query: "?theme=dark&page-lang=nb" },
  { file: "widget-phone-dark.png", viewport: PHONE, query: "?theme=dark&items=4" },
  {
    file: "widget-profile.png",
    viewport: DESKTOP,
    query: `?contact-url=${CONTACT_URL}`,
    profile: true,
  },
  {
    file: "widget-profile-phone-dark.png",
    viewport: PHONE,
    query: `?theme=dark&contact-url=${CONTACT_URL}`,
    profile: true,
  },
];

/** Waits for the first real cards (not skeletons) and for the avatars to have loaded. */
async function settle(page: Page) {
  await page.locator("peer-supporters-directory li[part=card]").first().waitFor();
  await page.waitForLoadState("networkidle");
}

async function shoot(browser: Browser, pageBase: string, shot: Shot) {
  const page = await browser.newPage({ viewport: shot.viewport });
  await page.goto(`${pageBase}/${shot.query}`);
  await settle(page);
  if (shot.profile) {
    await page.locator("peer-supporters-directory [part=card-button]").first().click();
    await page.locator("peer-supporters-directory dialog[open]").waitFor();
    await page.waitForLoadState("networkidle");
  }
  await page.screenshot({ path: join(OUT_DIR, shot.file), fullPage: !shot.profile });
  await page.close();
  console.log(`docs/screenshots/${shot.file}`);
}

/** The hosted page, where this checkout's Worker serves it yet; says so where it does not. */
async function shootHostedPage(browser: Browser, apiBase: string, key: string) {
  const url = `${apiBase}/o/${String(DEMO_ORGANIZATION.id)}/peer-supporters?key=${key}`;
  const response = await fetch(url);
  if (!response.ok || !response.headers.get("Content-Type")?.startsWith("text/html")) {
    console.warn(
      `No hosted page to photograph: GET /o/:id/peer-supporters answered ${String(response.status)}.`,
    );
    return;
  }
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url);
  await page.screenshot({ path: join(OUT_DIR, "hosted-page.png"), fullPage: true });
  await context.close();
  console.log("docs/screenshots/hosted-page.png");
}

mkdirSync(OUT_DIR, { recursive: true });
await buildAssets();
const stack = await startDemoStack(join(PROJECT_ROOT, ".wrangler", "screenshots-state"));
const browser = await launchChromium();
try {
  for (const shot of SHOTS) await shoot(browser, stack.pageBase, shot);
  await shootHostedPage(browser, stack.apiBase, stack.keys.allowed);
  await shootConsole(browser, {
    apiBase: stack.apiBase,
    admin: stack.consoleAdmin,
    outDir: OUT_DIR,
  });
} finally {
  await browser.close();
  stack.stop();
}
