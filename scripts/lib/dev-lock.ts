import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";

/** What a running `npm run dev` writes into its lock file. */
export type DevLock = { pid: number; port: number; demoPort: number };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(path: string): DevLock | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DevLock;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock at `path` for this process, or answers the live holder. The
 * file is created exclusively, so two starts at once cannot both win; a lock
 * whose process is gone (a crash, kill -9) is taken over. Released at exit.
 */
export function claimDevLock(path: string, lock: DevLock): { holder?: DevLock } {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(lock), { flag: "wx" });
      process.on("exit", () => {
        if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
      });
      return {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(path);
      if (holder && isAlive(holder.pid)) return { holder };
      rmSync(path, { force: true });
    }
  }
  return { holder: readLock(path) };
}

/** Whether nothing listens on 127.0.0.1:`port` (where wrangler dev and the demo page bind). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => {
      resolve(false);
    });
    probe.listen(port, "127.0.0.1", () =>
      probe.close(() => {
        resolve(true);
      }),
    );
  });
}

/** A port from the environment variable `name`, or `fallback`; undefined when it is no port. */
export function portSetting(name: string, fallback: number): number | undefined {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const port = Number(text);
  return /^\d+$/.test(text) && port >= 1 && port <= 65_535 ? port : undefined;
}
