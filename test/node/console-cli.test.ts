// npm run console, run as an operator runs it, on a local database of its own.
import { describe, expect, it } from "vitest";
import { withBindings } from "../../scripts/lib/bindings.ts";
import { runScript, useDemoState } from "./demo-state.ts";

const stateDir = useDemoState("peer-roster-console-");

const consoleCli = (...args: string[]) =>
  runScript("console.ts", [...args, "--persist-to", stateDir()]);

const members = () =>
  withBindings(
    { remote: false, persistTo: stateDir() },
    async (env) =>
      (
        await env.DB.prepare(
          "SELECT email, role, display_name FROM console_members ORDER BY email",
        ).all()
      ).results,
  );

describe("npm run console", () => {
  it("invites, lists and removes members, one normalized address each", async () => {
    const invited = consoleCli(
      "invite",
      "--org",
      "org_x9y8z7",
      "--email",
      " Kari@Frivillig.NO ",
      "--role",
      "admin",
      "--name",
      "Kari Ås",
    );
    expect(invited.status).toBe(0);
    expect(invited.stderr).toContain("kari@frivillig.no is now an admin of");
    const listed = consoleCli("list", "--org", "5");
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^kari@frivillig\.no\tadmin\tKari Ås\t\d{4}-/);
    const removed = consoleCli("remove", "--org", "5", "--email", "KARI@frivillig.no");
    expect(removed.status).toBe(0);
    expect(await members()).toEqual([]);
  }, 60_000);

  it("exits 1 naming what is wrong, and writes nothing", async () => {
    for (const [args, message] of [
      [
        ["invite", "--org", "5", "--email", "Kari <kari@frivillig.no>", "--role", "admin"],
        /--email must not contain U\+0020 \(a space/,
      ],
      [
        ["invite", "--org", "5", "--email", "kari@frivillig.no", "--role", "boss"],
        /--role must be admin or coordinator/,
      ],
      [
        ["invite", "--org", "org_nothere", "--email", "kari@frivillig.no", "--role", "admin"],
        /No organization org_nothere/,
      ],
      [
        ["remove", "--org", "5", "--email", "nobody@frivillig.no"],
        /nobody@frivillig\.no is no console member of org_x9y8z7; nothing was removed/,
      ],
      [["invite"], /usage:\s+npm run -s console/],
    ] as const) {
      const run = consoleCli(...args);
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stderr).toMatch(message);
    }
    const twice = ["invite", "--org", "5", "--email", "per@frivillig.no", "--role", "coordinator"];
    expect(consoleCli(...twice).status).toBe(0);
    const again = consoleCli(...twice);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("per@frivillig.no is a member of this organization already");
    expect(await members()).toEqual([
      { email: "per@frivillig.no", role: "coordinator", display_name: "per" },
    ]);
  }, 60_000);
});
