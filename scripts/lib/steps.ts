import { spawnSync } from "node:child_process";

/**
 * A step that could not finish: `message` is the one line a reader sees,
 * `output` what the tool printed (shown above it, since only then it matters).
 */
export class StepFailure extends Error {
  readonly output: string;
  constructor(message: string, output = "") {
    super(message);
    this.output = output;
  }
}

/** `command args`, its output captured; a non-zero exit throws a StepFailure carrying that output. */
export function runCaptured(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; failure?: string } = {},
): { status: number; stdout: string; output: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new StepFailure(missing ? `${command} is not on the PATH.` : result.error.message);
  }
  const output = `${result.stdout}${result.stderr}`;
  const status = result.status ?? 1;
  if (status !== 0 && options.failure) throw new StepFailure(options.failure, output);
  return { status, stdout: result.stdout, output };
}

/**
 * Runs one step of a script and prints one line for it, `label: summary`. A
 * StepFailure prints the tool's output, then one line naming the step, and
 * exits 1; anything else is a bug and keeps its stack.
 */
export async function step<T>(
  label: string,
  action: () => T | Promise<T>,
  summary: (value: T) => string,
): Promise<T> {
  try {
    const value = await action();
    console.log(`  ${label.padEnd(12)} ${summary(value)}`);
    return value;
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    if (error.output.trim()) console.error(error.output.trimEnd());
    console.error(`${label}: ${error.message}`);
    process.exit(1);
  }
}
