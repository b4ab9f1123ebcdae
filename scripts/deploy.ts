// npm run deploy: brings the whole service up on the logged-in Cloudflare account, or
// up to date; a second run creates nothing and applies no migration twice.
//
// The order: every check that can stop it (login, Email Service, the build) comes
// before the first change, so a stop leaves the account as it was. Then what the
// Worker needs before it may serve: its queues (wrangler deploy refuses to bind a
// missing one), its D1 database, and that database's migrations, so no version of
// the Worker ever answers against tables it does not know. The Worker goes last:
// wrangler deploy provisions the KV namespace itself (wrangler.toml names no id)
// and links the database by its name. Each wrangler call's output is shown only
// when it fails, above one line that names the step.
import { buildAssets } from "./lib/assets.ts";
import { PROJECT_ROOT } from "./lib/bindings.ts";
import { readDeployConfig } from "./lib/deploy-config.ts";
import { fail } from "./lib/fail.ts";
import { runCaptured, step, StepFailure } from "./lib/steps.ts";
import { appliedMigrations, migrationCount, wranglerEnv } from "./lib/wrangler.ts";

const AGAIN = "then npm run deploy again";

/**
 * `wrangler args`, found on the PATH (npm run puts the project's own first),
 * never asking a question (CI=true); a non-zero exit stops the step with `failure`.
 */
function wrangler(args: string[], failure?: string) {
  return runCaptured("wrangler", args, {
    cwd: PROJECT_ROOT,
    env: { ...wranglerEnv, CI: "true" },
    failure: failure ?? `\`wrangler ${args.join(" ")}\` failed (its output above); ${AGAIN}.`,
  });
}
/** `wrangler args` whose non-zero exit is an answer (something is missing), not a failure. */
const ask = (args: string[]) => wrangler(args, "");

const config = readDeployConfig();
if (typeof config === "string") fail(config);
const { queues, databases, emailDomain } = config;
console.log("npm run deploy");

await step(
  "account",
  () => {
    const whoami = ask(["whoami", "--json"]);
    if (whoami.status !== 0) {
      throw new StepFailure(
        `not logged in to Cloudflare: run \`npx wrangler login\` (or set CLOUDFLARE_API_TOKEN), ${AGAIN}.`,
      );
    }
    const user = JSON.parse(whoami.stdout) as {
      email?: string;
      accounts: { id: string; name: string }[];
    };
    if (user.accounts.length > 1 && !process.env.CLOUDFLARE_ACCOUNT_ID) {
      const ids = user.accounts.map((account) => `${account.id} (${account.name})`).join(", ");
      throw new StepFailure(
        `this login reaches ${user.accounts.length} accounts: set CLOUDFLARE_ACCOUNT_ID to one of ${ids}, ${AGAIN}.`,
      );
    }
    return user;
  },
  (user) => `logged in${user.email ? ` as ${user.email}` : ""}`,
);

await step(
  "email",
  () => {
    const settings = ask(["email", "sending", "settings", emailDomain]);
    const onboard = `onboard it to Email Service (\`npx wrangler email sending enable ${emailDomain}\`, then the DNS records \`npx wrangler email sending dns get ${emailDomain}\` lists), ${AGAIN}`;
    if (settings.status === 0 && /Enabled:\s+true/.test(settings.stdout)) return;
    if (settings.status === 0 || /No sending subdomain/.test(settings.output)) {
      throw new StepFailure(
        `Email Service does not send for ${emailDomain} (EMAIL_FROM) yet: ${onboard}.`,
      );
    }
    if (/Could not find a zone/.test(settings.output)) {
      throw new StepFailure(
        `${emailDomain} (EMAIL_FROM in wrangler.toml) is no domain on this account: set EMAIL_FROM to an address on one that is, or add the domain to Cloudflare and ${onboard}.`,
      );
    }
    throw new StepFailure(
      `could not ask Email Service about ${emailDomain} (wrangler's output above); ${AGAIN}.`,
      settings.output,
    );
  },
  () => `Email Service sends for ${emailDomain}`,
);

await step(
  "build",
  () => buildAssets(),
  () => "the widget and the API reference's script built into public/",
);

await step(
  "queues",
  () =>
    queues.filter((queue) => {
      const info = ask(["queues", "info", queue]);
      if (info.status === 0) return false;
      if (!/does not exist/.test(info.output)) {
        throw new StepFailure(
          `\`wrangler queues info ${queue}\` failed (its output above); ${AGAIN}.`,
          info.output,
        );
      }
      wrangler(["queues", "create", queue]);
      return true;
    }),
  (created) =>
    created.length ? `created ${created.join(", ")}` : `all ${queues.length} there already`,
);

await step(
  "database",
  () => {
    const existing = JSON.parse(wrangler(["d1", "list", "--json"]).stdout) as { name: string }[];
    return databases.filter((database) => {
      if (existing.some((found) => found.name === database.name)) return false;
      wrangler(["d1", "create", database.name]);
      return true;
    });
  },
  (created) =>
    created.length
      ? `created ${created.map((database) => database.name).join(", ")}`
      : `${databases.map((database) => database.name).join(", ")} there already`,
);

await step(
  "migrations",
  () =>
    databases.reduce(
      (applied, database) =>
        applied +
        appliedMigrations(
          wrangler(["d1", "migrations", "apply", database.binding, "--remote"]).output,
        ),
      0,
    ),
  (applied) => `${applied} applied, ${migrationCount()} in all`,
);

await step(
  "worker",
  () => /https:\/\/\S+\.workers\.dev/.exec(wrangler(["deploy"]).output)?.[0],
  (url) =>
    `deployed${url ? ` to ${url}` : ""}; KV and the database bound by wrangler's provisioning`,
);
console.log(
  "Done. What only the dashboard can do (a custom domain for the edge cache) and the first keys: docs/operations.md.",
);
