import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CONFIG = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
/** wrangler.toml's names, read here on their own so a rename there needs no change here. */
const all = (pattern: RegExp) => [...CONFIG.matchAll(pattern)].map((match) => match[1] ?? "");
const QUEUES = [...new Set(all(/^(?:queue|dead_letter_queue) = "(.+)"$/gm))];
const [DATABASE] = all(/^database_name = "(.+)"$/gm);
const [DATABASE_BINDING] = all(/\[\[d1_databases\]\]\nbinding = "(.+)"/g);
const [EMAIL_DOMAIN] = all(/^EMAIL_FROM = ".*@(.+)"$/gm);
const MIGRATIONS = readdirSync(join(ROOT, "migrations")).filter((name) => name.endsWith(".sql"));

/** What the stand-in's Cloudflare account holds, and the one call it fails, if any. */
type Account = {
  loggedIn: boolean;
  emailSending: "enabled" | "disabled" | "no subdomain" | "no zone";
  queues: string[];
  databases: string[];
  migrationsApplied: number;
  failing?: string;
};

// A stand-in `wrangler`: records each call, answers from the account in its state file
// as wrangler 4.155 does (the texts the script reads are wrangler's own), and changes it.
const STAND_IN = `#!${process.execPath}
const fs = require("node:fs");
const state = JSON.parse(fs.readFileSync(process.env.STAND_IN_STATE, "utf8"));
const call = process.argv.slice(2).join(" ");
fs.appendFileSync(process.env.STAND_IN_CALLS, call + "\\n");
const save = () => fs.writeFileSync(process.env.STAND_IN_STATE, JSON.stringify(state));
const fail = (text) => { console.error("✘ [ERROR] " + text); process.exit(1); };
const [a, b, c, d] = process.argv.slice(2);
if (call === state.failing) fail("A request to the Cloudflare API failed. [code: 10000]");
if (a === "whoami") {
  if (!state.loggedIn) { console.log(JSON.stringify({ loggedIn: false })); process.exit(1); }
  console.log(JSON.stringify({ loggedIn: true, email: "drift@example.org", accounts: [{ id: "a1", name: "Drift" }] }));
} else if (a === "email") {
  if (state.emailSending === "no zone") fail("Could not find a zone for \`" + d + "\`.");
  if (state.emailSending === "no subdomain") fail("No sending subdomain found for \`" + d + "\`.");
  console.log("Email Sending for " + d + ":\\n  Enabled:            " + (state.emailSending === "enabled"));
} else if (a === "queues" && b === "info") {
  if (!state.queues.includes(c)) fail('Queue "' + c + '" does not exist.');
  console.log("Queue Name: " + c);
} else if (a === "queues" && b === "create") {
  state.queues.push(c); save(); console.log("Created queue " + c + ".");
} else if (a === "d1" && b === "list") {
  console.log(JSON.stringify(state.databases.map((name) => ({ uuid: "u-" + name, name }))));
} else if (a === "d1" && b === "create") {
  state.databases.push(c); save(); console.log("✅ Successfully created DB '" + c + "'");
} else if (a === "d1" && b === "migrations") {
  if (!state.databases.length) fail("Couldn't find a D1 DB named 'x'.");
  const due = ${MIGRATIONS.length} - state.migrationsApplied;
  state.migrationsApplied += due; save();
  console.log(due ? "? About to apply " + due + " migration(s)" : "✅ No migrations to apply!");
} else if (a === "deploy") {
  console.log("Uploaded peer-roster\\nDeployed peer-roster triggers\\n  https://peer-roster.drift.workers.dev");
} else fail("the stand-in does not know: " + call);
`;

/** `npm run deploy`'s script against the stand-in on the PATH: its calls, lines and exit status. */
function deploy(account: Account) {
  const dir = mkdtempSync(join(tmpdir(), "deploy-"));
  writeFileSync(join(dir, "wrangler"), STAND_IN);
  chmodSync(join(dir, "wrangler"), 0o755);
  const [state, calls] = [join(dir, "state.json"), join(dir, "calls.txt")];
  writeFileSync(state, JSON.stringify(account));
  writeFileSync(calls, "");
  const env: NodeJS.ProcessEnv = { ...process.env, STAND_IN_STATE: state, STAND_IN_CALLS: calls };
  env.PATH = `${dir}${delimiter}${process.env.PATH ?? ""}`;
  delete env.CLOUDFLARE_ACCOUNT_ID;
  const run = spawnSync(process.execPath, ["scripts/deploy.ts"], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = (text: string) => text.split("\n").filter(Boolean);
  return {
    status: run.status,
    calls: lines(readFileSync(calls, "utf8")),
    stdout: lines(run.stdout),
    stderr: lines(run.stderr),
    account: JSON.parse(readFileSync(state, "utf8")) as Account,
  };
}

const FRESH: Account = {
  loggedIn: true,
  emailSending: "enabled",
  queues: [],
  databases: [],
  migrationsApplied: 0,
};
const DEPLOYED: Account = {
  ...FRESH,
  queues: QUEUES,
  databases: [DATABASE ?? ""],
  migrationsApplied: MIGRATIONS.length,
};
const CHECKS = ["whoami --json", `email sending settings ${EMAIL_DOMAIN}`];

// Each run loads wrangler (to read its config) and builds the widget: seconds, not milliseconds.
describe("npm run deploy", { timeout: 60_000 }, () => {
  it("reads the names it needs from wrangler.toml", () => {
    expect(QUEUES.length).toBeGreaterThanOrEqual(2);
    expect([DATABASE, DATABASE_BINDING, EMAIL_DOMAIN]).not.toContain(undefined);
  });

  it("on a fresh account creates the queues and the database, migrates it, then deploys", () => {
    const run = deploy(FRESH);
    expect(run.calls).toEqual([
      ...CHECKS,
      ...QUEUES.flatMap((queue) => [`queues info ${queue}`, `queues create ${queue}`]),
      "d1 list --json",
      `d1 create ${DATABASE}`,
      `d1 migrations apply ${DATABASE_BINDING} --remote`,
      "deploy",
    ]);
    expect(run.stdout).toEqual([
      "npm run deploy",
      "  account      logged in as drift@example.org",
      `  email        Email Service sends for ${EMAIL_DOMAIN}`,
      "  build        the widget and the API reference's script built into public/",
      `  queues       created ${QUEUES.join(", ")}`,
      `  database     created ${DATABASE}`,
      `  migrations   ${MIGRATIONS.length} applied, ${MIGRATIONS.length} in all`,
      "  worker       deployed to https://peer-roster.drift.workers.dev; KV and the database bound by wrangler's provisioning",
      expect.stringMatching(/^Done\. /),
    ]);
    expect(run.stderr).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.account).toEqual(DEPLOYED);
  });

  it("on a deployed account creates nothing and applies no migration, and deploys the Worker again", () => {
    const run = deploy(DEPLOYED);
    expect(run.calls).toEqual([
      ...CHECKS,
      ...QUEUES.map((queue) => `queues info ${queue}`),
      "d1 list --json",
      `d1 migrations apply ${DATABASE_BINDING} --remote`,
      "deploy",
    ]);
    expect(run.stdout).toContain(`  queues       all ${QUEUES.length} there already`);
    expect(run.stdout).toContain(`  migrations   0 applied, ${MIGRATIONS.length} in all`);
    expect(run.status).toBe(0);
  });

  it("logged out, stops at the first call with one line that says what to do", () => {
    const run = deploy({ ...FRESH, loggedIn: false });
    expect(run.calls).toEqual(["whoami --json"]);
    expect(run.stderr).toEqual([
      "account: not logged in to Cloudflare: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN), then npm run deploy again.",
    ]);
    expect(run.status).toBe(1);
  });

  it("stops before any change when Email Service does not send for EMAIL_FROM's domain", () => {
    for (const emailSending of ["disabled", "no subdomain", "no zone"] as const) {
      const run = deploy({ ...FRESH, emailSending });
      expect(run.calls).toEqual(CHECKS);
      expect(run.stderr).toEqual([
        expect.stringMatching(
          emailSending === "no zone"
            ? `^email: ${EMAIL_DOMAIN} \\(EMAIL_FROM in wrangler.toml\\) is no domain on this account: set EMAIL_FROM`
            : `^email: Email Service does not send for ${EMAIL_DOMAIN} \\(EMAIL_FROM\\) yet: onboard it`,
        ),
      ]);
      expect(run.status).toBe(1);
      expect(run.account).toEqual({ ...FRESH, emailSending });
    }
  });

  it("failing mid-way, shows wrangler's output and one line, runs nothing after, and a rerun finishes", () => {
    const failing = `d1 create ${DATABASE}`;
    const run = deploy({ ...FRESH, failing });
    expect(run.calls.at(-1)).toBe(failing);
    expect(run.calls).not.toContain("deploy");
    expect(run.stderr).toEqual([
      "✘ [ERROR] A request to the Cloudflare API failed. [code: 10000]",
      `database: \`wrangler ${failing}\` failed (its output above); then npm run deploy again.`,
    ]);
    expect(run.status).toBe(1);

    const rerun = deploy({ ...run.account, failing: undefined });
    expect(rerun.calls).toEqual([
      ...CHECKS,
      ...QUEUES.map((queue) => `queues info ${queue}`),
      "d1 list --json",
      failing,
      `d1 migrations apply ${DATABASE_BINDING} --remote`,
      "deploy",
    ]);
    expect(rerun.status).toBe(0);
  });
});
