// npm run dev: local migrations, demo data, local demo keys, the widget, then `wrangler dev`
// and a demo page on another origin that embeds the widget. PORT and DEMO_PORT move them.
import { join } from "node:path";
import { claimDevLock, isPortFree, portSetting } from "./lib/dev-lock.ts";
import { fail } from "./lib/fail.ts";

const PORT = portSetting("PORT", 8787) ?? fail("PORT must be a port number (1 to 65535).");
const DEMO_PAGE_PORT =
  portSetting("DEMO_PORT", 8788) ?? fail("DEMO_PORT must be a port number (1 to 65535).");
if (DEMO_PAGE_PORT === PORT) fail(`PORT and DEMO_PORT must differ (both are ${PORT}).`);
const DEMO_ORGANIZATION = { id: 5, publicId: "org_x9y8z7" };
const DEMO_COORDINATOR = "koordinator@example.org";
const base = `http://localhost:${PORT}`;
const demoPageOrigin = `http://localhost:${DEMO_PAGE_PORT}`;

// Before anything touches the local database or keys: a second run here
// would re-import the demo data and revoke the first one's keys. Only then
// the modules that need seconds to load (wrangler's), so a refusal is at once.
const DEV_LOCK = join(import.meta.dirname, "..", ".wrangler", "dev.lock");
const { holder } = claimDevLock(DEV_LOCK, {
  pid: process.pid,
  port: PORT,
  demoPort: DEMO_PAGE_PORT,
});
if (holder) {
  fail(
    `npm run dev is already running in this checkout (pid ${holder.pid}, http://localhost:${holder.port}); stop it first, or use its keys.`,
  );
}
for (const [name, port] of [
  ["PORT", PORT],
  ["DEMO_PORT", DEMO_PAGE_PORT],
] as const) {
  if (!(await isPortFree(port))) {
    fail(`Port ${port} is in use by another program: choose another with ${name}=… npm run dev.`);
  }
}

const [
  { demoDataset },
  { createToken, listTokens, revokeToken },
  { createDatabase },
  { isoSeconds },
  { importDataset },
  { findNotificationSettings, saveNotificationSettings },
  { certWarningDays },
  { buildAssets },
  { withBindings },
  { serveDemoPage },
  { step, StepFailure },
  { applyLocalMigrations, migrationCount, startWranglerDev },
  { ensureDemoAdmin },
] = await Promise.all([
  import("../data/demo-dataset.ts"),
  import("../src/auth/tokens.ts"),
  import("../src/db/client.ts"),
  import("../src/lib/time.ts"),
  import("../src/import/import-dataset.ts"),
  import("../src/notifications/queries.ts"),
  import("../src/settings.ts"),
  import("./lib/assets.ts"),
  import("./lib/bindings.ts"),
  import("./lib/demo-page.ts"),
  import("./lib/steps.ts"),
  import("./lib/wrangler.ts"),
  import("./lib/console-members.ts"),
]);

/** Email notifications on for the demo organization, unless settings were saved before. */
async function saveDemoNotificationSettings(db: ReturnType<typeof createDatabase>, id: number) {
  if (await findNotificationSettings(db, id)) return;
  await saveNotificationSettings(
    db,
    id,
    {
      coordinator_emails: [DEMO_COORDINATOR],
      mentor_reminders: true,
      reminder_days: [60, 30, 7],
      language: "nb",
      weekly_digest: true,
    },
    isoSeconds(new Date()),
  );
}

// One line per step; a tool's own output only when its step fails.
console.log(`npm run dev: the API on ${base}, a demo web page on ${demoPageOrigin}`);
await step(
  "migrations",
  () => applyLocalMigrations(),
  (applied) => {
    return `${applied} applied, ${migrationCount()} in all (local database in .wrangler/state)`;
  },
);
await step(
  "widget",
  () => buildAssets({ watch: true }),
  () => {
    return "built into public/embed/, rebuilt when src/widget/ changes";
  },
);

const { secret, publishable, consoleAdmin } = await withBindings({ remote: false }, async (env) => {
  await step(
    "demo data",
    async () => {
      const result = await importDataset(env.DB, demoDataset(new Date()), {
        certWarningDays: certWarningDays(env),
      });
      if (!result.ok)
        throw new StepFailure(`the import refused it: ${JSON.stringify(result.errors)}`);
      await saveDemoNotificationSettings(createDatabase(env.DB), DEMO_ORGANIZATION.id);
      return result.written;
    },
    (written) =>
      `${written.organizations} organizations, ${written.organization_members} roster members, ${written.peer_mentors} peer mentors`,
  );
  const consoleAdmin = await step(
    "console",
    () => ensureDemoAdmin(createDatabase(env.DB), DEMO_ORGANIZATION),
    (address) => `a demo admin, ${address}`,
  );
  // One demo key of each kind at a time: the previous run's are revoked.
  const keys = await step(
    "keys",
    async () => {
      const existing = await listTokens(env.TOKENS, DEMO_ORGANIZATION.id);
      const demoKey = async (label: string, options: Parameters<typeof createToken>[3]) => {
        for (const record of existing) {
          if (record.label === label) await revokeToken(env.TOKENS, record.token_id);
        }
        return (await createToken(env.TOKENS, DEMO_ORGANIZATION, label, options)).token;
      };
      return {
        secret: await demoKey("local demo (npm run dev)", {}),
        publishable: await demoKey("local demo website (npm run dev)", {
          kind: "publishable",
          origins: [demoPageOrigin, `http://127.0.0.1:${DEMO_PAGE_PORT}`],
        }),
      };
    },
    () =>
      `a secret and a publishable key for organization ${DEMO_ORGANIZATION.id} (the last run's revoked)`,
  );
  return { ...keys, consoleAdmin };
});

const wrangler = await startWranglerDev({
  port: PORT,
  stdio: "inherit",
  // Webhooks to a local receiver (npm run webhooks:listen) are plain http; the demo
  // page serves the demo's avatars, so the demo fetches nothing from a third party.
  extraArgs: [
    "--test-scheduled",
    "--var",
    "WEBHOOKS_ALLOW_LOCAL_HTTP:true",
    "--var",
    `ASSETS_BASE_URL:${demoPageOrigin}`,
  ],
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => wrangler.kill(signal));
}
wrangler.on("exit", (code) => process.exit(code ?? 0));
await serveDemoPage(DEMO_PAGE_PORT, {
  api: base,
  organization: DEMO_ORGANIZATION.id,
  key: publishable,
});
console.log(`  ${"server".padEnd(12)} wrangler dev answers; its request lines follow below`);

// Printed once the server answers: the keys and what to paste.
console.log(`
Ready. The demo organization ${DEMO_ORGANIZATION.id}, with its keys:
  secret       ${secret}
  publishable  ${publishable}

  curl -H 'Authorization: Bearer ${secret}' '${base}/api/v2/organizations/${DEMO_ORGANIZATION.id}/peer_supporters?items=2'
  curl -H 'Authorization: Bearer ${secret}' '${base}/api/v1/peer-mentors'
  curl '${base}/api/v2/organizations/${DEMO_ORGANIZATION.id}/peer_supporters?items=2&key=${publishable}'

The widget on a demo web page (another origin): ${demoPageOrigin}/
The hosted page: ${base}/o/${DEMO_ORGANIZATION.id}/peer-supporters?key=${publishable}
The coordinator console: ${base}/console/sign-in as ${consoleAdmin}; the link is in the newest email at ${base}/cdn-cgi/explorer/api/local/email/sending
The API reference: ${base}/docs
Fire the hourly mentor status cron:  curl '${base}/cdn-cgi/local/scheduled?cron=0+*+*+*+*'
Then see the emails it sent (${DEMO_COORDINATOR} and the mentors, in Norwegian):
  curl '${base}/cdn-cgi/explorer/api/local/email/sending'
  curl -H 'Authorization: Bearer ${secret}' '${base}/api/v1/notification-settings/deliveries'
Who expires next, as a spreadsheet:
  curl -H 'Authorization: Bearer ${secret}' -H 'Accept: text/csv' '${base}/api/v1/peer-mentors?sort=certification_expiry_date&expires_within_days=60' > mentors.csv
Watch webhooks arrive:  npm run webhooks:listen   (in another terminal; it prints how to subscribe)
Both keys live only in the local KV (.wrangler/state); each npm run dev replaces them.
`);
