/** Prints `message` on stderr and exits 1; for expected failures, without a stack. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
