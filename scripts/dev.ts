// npm run dev: local migrations, demo data, a local demo token, then `wrangler dev`.
import { spawn } from "node:child_process";
import { demoDataset } from "../data/demo-dataset.ts";
import { createToken, listTokens, revokeToken } from "../src/auth/tokens.ts";
import { importDataset } from "../src/import/import-dataset.ts";
import { certWarningDays } from "../src/peer-mentors/status-rules.ts";
import { fail, PROJECT_ROOT, withBindings } from "./lib/bindings.ts";
import { applyLocalMigrations, WRANGLER, wranglerEnv } from "./lib/wrangler.ts";

const PORT = 8787;
const DEMO_ORGANIZATION_ID = 5;
const DEMO_TOKEN_LABEL = "local demo (npm run dev)";
applyLocalMigrations();

const token = await withBindings({ remote: false }, async (env) => {
  const result = await importDataset(env.DB, demoDataset(new Date()), {
    certWarningDays: certWarningDays(env),
  });
  if (!result.ok) fail(`demo data: ${JSON.stringify(result.errors)}`);
  // One demo token at a time: the previous run's is revoked.
  for (const record of await listTokens(env.TOKENS, DEMO_ORGANIZATION_ID)) {
    if (record.label === DEMO_TOKEN_LABEL) await revokeToken(env.TOKENS, record.token_id);
  }
  const organization = { id: DEMO_ORGANIZATION_ID, publicId: "org_x9y8z7" };
  return (await createToken(env.TOKENS, organization, DEMO_TOKEN_LABEL)).token;
});

const wrangler = spawn(
  process.execPath,
  [WRANGLER, "dev", "--test-scheduled", "--port", String(PORT)],
  { cwd: PROJECT_ROOT, stdio: "inherit", env: wranglerEnv },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => wrangler.kill(signal));
}
wrangler.on("exit", (code) => process.exit(code ?? 0));

// Print the curl line once the server answers, so it is not buried in wrangler's start-up output.
const base = `http://localhost:${PORT}`;
for (let attempt = 0; attempt < 120; attempt++) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const ready = await fetch(`${base}/health`).then(
    (response) => response.ok,
    () => false,
  );
  if (ready) {
    console.log(`
The demo data (organization ${DEMO_ORGANIZATION_ID}) is ready. Try:

  curl -H 'Authorization: Bearer ${token}' '${base}/api/v2/organizations/${DEMO_ORGANIZATION_ID}/peer_supporters?items=2'
  curl -H 'Authorization: Bearer ${token}' '${base}/api/v1/peer-mentors'

Fire the hourly mentor status cron:  curl '${base}/__scheduled?cron=0+*+*+*+*'
This token lives only in the local KV (.wrangler/state); each npm run dev replaces it.
`);
    break;
  }
}
