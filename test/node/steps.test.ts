import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appliedMigrations } from "../../scripts/lib/wrangler.ts";

const STEPS = join(import.meta.dirname, "..", "..", "scripts", "lib", "steps.ts");

/** A script of two steps whose second runs `command`: npm run dev and deploy as a reader sees them. */
function twoSteps(command: string) {
  const script = `
    import { runCaptured, step } from ${JSON.stringify(STEPS)};
    await step("first", () => 1, (n) => "done " + n);
    await step("second", () => runCaptured(process.execPath, ["-e", ${JSON.stringify(command)}], { failure: "it broke." }), () => "done");
    console.log("after");`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  const lines = (text: string) => text.split("\n").filter(Boolean);
  return { status: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

describe("a script's steps", () => {
  it("print one line each, and nothing of a tool that succeeds", () => {
    const run = twoSteps("console.log('a table of 40 lines'); console.error('a banner')");
    expect(run.stdout).toEqual(["  first        done 1", "  second       done", "after"]);
    expect(run.stderr).toEqual([]);
    expect(run.status).toBe(0);
  });

  it("show a failing tool's output, then one line naming the step, and stop", () => {
    const run = twoSteps(
      "console.log('what went wrong'); console.error('and why'); process.exit(3)",
    );
    expect(run.stdout).toEqual(["  first        done 1"]);
    expect(run.stderr).toEqual(["what went wrong", "and why", "second: it broke."]);
    expect(run.status).toBe(1);
  });
});

describe("appliedMigrations", () => {
  it("reads the count from wrangler's prompt, and 0 when none were due", () => {
    expect(appliedMigrations("? About to apply 15 migration(s)\nYour database may not…")).toBe(15);
    expect(appliedMigrations("✅ No migrations to apply!")).toBe(0);
  });
});
