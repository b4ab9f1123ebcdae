import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { PROJECT_ROOT } from "../../scripts/lib/bindings.ts";
import { startDemoStack } from "../../scripts/lib/demo-stack.ts";

/** The demo stack (scripts/lib/demo-stack.ts) on a fresh database, for the browser tests. */
export default async function setup(project: TestProject) {
  const stateDir = join(PROJECT_ROOT, ".wrangler", "browser-test-state");
  const stack = await startDemoStack(stateDir);
  project.provide("apiBase", stack.apiBase);
  project.provide("pageBase", stack.pageBase);
  project.provide("keys", stack.keys);
  project.provide("consoleAdmin", stack.consoleAdmin);
  project.provide("consoleSessionFile", join(stateDir, "console-session.json"));
  return () => {
    stack.stop();
  };
}
