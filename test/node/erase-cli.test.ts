// npm run erase, run as an operator runs it, on a local database of its own
// (`--persist-to` a temporary folder), so the dev database is never touched.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withBindings } from "../../scripts/lib/bindings.ts";
import { runScript, useDemoState } from "./demo-state.ts";

const stateDir = useDemoState("peer-roster-erase-");

const erase = (...args: string[]) => runScript("erase.ts", args);

describe("npm run erase", () => {
  it("erases a person in every organization and prints what it removed", async () => {
    // User 4505 is a member of organizations 5 and 6.
    const run = erase("--user", "4505", "--persist-to", stateDir());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Erased user 4505 from the local database:");
    expect(run.stdout).toMatch(/organization_members: 2\n/);
    expect(run.stdout).toMatch(/member_search: 2\n/);
    expect(run.stdout).toMatch(/member_search_short: 2\n/);
    const left = await withBindings({ remote: false, persistTo: stateDir() }, (env) =>
      env.DB.prepare(
        `SELECT (SELECT count(*) FROM users WHERE id = 4505)
              + (SELECT count(*) FROM organization_members WHERE user_id = 4505)
              + (SELECT count(*) FROM member_search WHERE rowid IN (816, 831))
              + (SELECT count(*) FROM member_search_short WHERE rowid IN (816, 831)) AS n`,
      ).first<{ n: number }>(),
    );
    expect(left?.n).toBe(0);
  }, 60_000);

  it("exits 1 with a message for an unknown id or a bad call, and writes nothing", () => {
    const unknown = erase("--user", "4505", "--persist-to", stateDir());
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /No user with id 4505 in the local database; nothing was removed/,
    );
    const missing = erase("--user", "4505", "--persist-to", join(stateDir(), "no-such-folder"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-folder: no such folder/);
    for (const args of [["--user", "abc"], ["--user", "04505"], [], ["--user", "1", "--bogus"]]) {
      const bad = erase(...args, "--persist-to", stateDir());
      expect(bad.status, args.join(" ")).toBe(1);
      expect(bad.stderr).toMatch(/usage: npm run -s erase -- --user ID/);
    }
  }, 60_000);
});
