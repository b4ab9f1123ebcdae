import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimDevLock } from "../../scripts/lib/dev-lock.ts";

const PROJECT_LOCK = join(import.meta.dirname, "..", "..", ".wrangler", "dev.lock");
const sleeper = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
afterAll(() => sleeper.kill());

/** `npm run dev`'s script, as npm runs it, with `env` added. */
const runDev = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["scripts/dev.ts"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });

const lines = (text: string) => text.split("\n").filter(Boolean);

describe("claimDevLock", () => {
  const dir = mkdtempSync(join(tmpdir(), "dev-lock-"));

  it("is taken once, refused while its holder lives, and taken over from a dead one", () => {
    const path = join(dir, "a", "dev.lock");
    expect(claimDevLock(path, { pid: process.pid, port: 1, demoPort: 2 })).toEqual({});
    writeFileSync(path, JSON.stringify({ pid: sleeper.pid, port: 8787, demoPort: 8788 }));
    expect(claimDevLock(path, { pid: process.pid, port: 1, demoPort: 2 })).toEqual({
      holder: { pid: sleeper.pid, port: 8787, demoPort: 8788 },
    });
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(path, JSON.stringify({ pid: gone, port: 8787, demoPort: 8788 }));
    expect(claimDevLock(path, { pid: process.pid, port: 1, demoPort: 2 })).toEqual({});
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid });
  });
});

describe("a second npm run dev in the same checkout", () => {
  it("refuses with one line and exit 1, before the database or any key", () => {
    // A developer's own running server holds the lock already: that one is refused just the same.
    const ours = !existsSync(PROJECT_LOCK);
    if (ours) {
      mkdirSync(dirname(PROJECT_LOCK), { recursive: true });
      writeFileSync(PROJECT_LOCK, JSON.stringify({ pid: sleeper.pid, port: 8787, demoPort: 8788 }));
    }
    try {
      const second = runDev({ PORT: "18999", DEMO_PORT: "18998" });
      expect(second.status).toBe(1);
      // Nothing on stdout: migrations, the import and key creation all print there.
      expect(second.stdout).toBe("");
      expect(lines(second.stderr)).toEqual([
        expect.stringMatching(/^npm run dev is already running in this checkout \(pid \d+/),
      ]);
    } finally {
      if (ours) rmSync(PROJECT_LOCK);
    }
  });
});

describe("PORT and DEMO_PORT", () => {
  // With a developer's server running here the lock answers first: nothing to see then.
  it.skipIf(existsSync(PROJECT_LOCK))(
    "are refused in one line when taken or not a port",
    async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
      const address = taken.address();
      const port = typeof address === "object" && address ? address.port : 0;
      try {
        const busy = runDev({ PORT: String(port), DEMO_PORT: "18998" });
        expect(busy.status).toBe(1);
        expect(busy.stdout).toBe("");
        expect(lines(busy.stderr)).toEqual([
          `Port ${port} is in use by another program: choose another with PORT=… npm run dev.`,
        ]);
        const bad = runDev({ PORT: "18999", DEMO_PORT: "http" });
        expect(lines(bad.stderr)).toEqual(["DEMO_PORT must be a port number (1 to 65535)."]);
        expect(bad.status).toBe(1);
      } finally {
        taken.close();
      }
    },
  );
});
