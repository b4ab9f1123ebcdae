import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { demoDataset } from "../../data/demo-dataset.ts";
import { createToken, revokeToken, type TokenOptions } from "../../src/auth/tokens.ts";
import { importDataset } from "../../src/import/import-dataset.ts";
import { certWarningDays } from "../../src/settings.ts";
import { createDatabase } from "../../src/db/client.ts";
import { withBindings } from "./bindings.ts";
import { DEMO_CONSOLE_ADMIN, ensureDemoAdmin } from "./console-members.ts";
import { serveDemoPage } from "./demo-page.ts";
import { applyLocalMigrations, startWranglerDev } from "./wrangler.ts";

export const DEMO_ORGANIZATION = { id: 5, publicId: "org_x9y8z7" };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

export type DemoStack = {
  /** The API and widget: `wrangler dev` on the demo data. */
  apiBase: string;
  /** The demo page (and the demo's avatars), on another origin than the API. */
  pageBase: string;
  keys: { allowed: string; revoked: string; otherSite: string };
  /** The demo organization's console admin, who signs in by emailed link. */
  consoleAdmin: string;
  stop(): void;
};

/**
 * A fresh local database in `stateDir` with the demo data, publishable keys,
 * `wrangler dev` serving the API and the widget, and the demo page on another
 * origin, which serves the avatars too (ASSETS_BASE_URL points there), so
 * nothing is fetched from a third party. For the browser tests and the screenshots.
 */
export async function startDemoStack(stateDir: string): Promise<DemoStack> {
  rmSync(stateDir, { recursive: true, force: true });
  applyLocalMigrations({ persistTo: stateDir });
  const [apiPort, pagePort] = [await freePort(), await freePort()];
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const pageBase = `http://127.0.0.1:${pagePort}`;

  const keys = await withBindings({ remote: false, persistTo: stateDir }, async (env) => {
    const result = await importDataset(env.DB, demoDataset(new Date()), {
      certWarningDays: certWarningDays(env),
    });
    if (!result.ok) throw new Error(`demo data: ${JSON.stringify(result.errors)}`);
    await ensureDemoAdmin(createDatabase(env.DB), DEMO_ORGANIZATION);
    const publishable = async (origins: string[]) => {
      const options: TokenOptions = { kind: "publishable", origins };
      return createToken(env.TOKENS, DEMO_ORGANIZATION, "browser test", options);
    };
    const revoked = await publishable([]);
    await revokeToken(env.TOKENS, revoked.record.token_id);
    return {
      allowed: (await publishable([pageBase])).token,
      revoked: revoked.token,
      otherSite: (await publishable(["https://elsewhere.example"])).token,
    };
  });

  const server = await startWranglerDev({
    port: apiPort,
    persistTo: stateDir,
    extraArgs: ["--var", `ASSETS_BASE_URL:${pageBase}`],
  });
  server.stdout?.resume();
  server.stderr?.resume();
  const page = await serveDemoPage(pagePort, {
    api: apiBase,
    organization: DEMO_ORGANIZATION.id,
    key: keys.allowed,
  });
  return {
    apiBase,
    pageBase,
    keys,
    consoleAdmin: DEMO_CONSOLE_ADMIN,
    stop() {
      page.close();
      server.kill("SIGTERM");
    },
  };
}
