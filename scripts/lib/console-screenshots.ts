// The coordinator console's pictures in docs/console.md (npm run screenshots): signed in as
// the demo admin through the emailed link, the mentor list and a mentor's page, desktop and phone.
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { nextSignInLink, sentEmailIds } from "./local-email.ts";

const MENTORS = "/console/org_x9y8z7/mentors";
const SHOTS = [
  { file: "console-list.png", path: `${MENTORS}?expires_within_days=60`, phone: false },
  { file: "console-list-phone.png", path: `${MENTORS}?expires_within_days=60`, phone: true },
  { file: "console-mentor.png", path: `${MENTORS}/mentor_d4e5f6`, phone: false },
  { file: "console-mentor-phone.png", path: `${MENTORS}/mentor_d4e5f6`, phone: true },
  // Part two: the roster, a pending supporter's page, the public page's settings and snippet.
  { file: "console-roster.png", path: "/console/org_x9y8z7/roster", phone: false },
  { file: "console-supporter-phone.png", path: "/console/org_x9y8z7/roster/818", phone: true },
  { file: "console-public-page.png", path: "/console/org_x9y8z7/public-page", phone: false },
  // The keys page and the notification settings.
  { file: "console-keys.png", path: "/console/org_x9y8z7/keys", phone: false },
  { file: "console-notifications.png", path: "/console/org_x9y8z7/notifications", phone: false },
  {
    file: "console-notifications-phone.png",
    path: "/console/org_x9y8z7/notifications",
    phone: true,
  },
];

export async function shootConsole(
  browser: Browser,
  { apiBase, admin, outDir }: { apiBase: string; admin: string; outDir: string },
) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const seen = await sentEmailIds(apiBase);
  await page.goto(`${apiBase}/console/sign-in`);
  await page.getByLabel("E-postadresse").fill(admin);
  await page.getByRole("button", { name: "Send meg en lenke" }).click();
  await page.goto(await nextSignInLink(apiBase, admin, seen));
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(`${apiBase}${MENTORS}`);
  for (const shot of SHOTS) {
    await page.setViewportSize(
      shot.phone ? { width: 375, height: 812 } : { width: 1200, height: 900 },
    );
    await page.goto(`${apiBase}${shot.path}`);
    await page.screenshot({ path: join(outDir, shot.file), fullPage: true });
    console.log(`docs/screenshots/${shot.file}`);
  }
  await context.close();
}
