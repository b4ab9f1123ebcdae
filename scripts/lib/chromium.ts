import { execSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium (CHROMIUM_PATH to use another); playwright-core downloads no browser. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync("command -v chromium", { encoding: "utf8" }).trim();
  } catch {
    throw new Error("No chromium on PATH: apt-get install -y chromium (or set CHROMIUM_PATH).");
  }
}

/** Headless Chromium that makes no connections of its own (updates, sync, QUIC probes). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
