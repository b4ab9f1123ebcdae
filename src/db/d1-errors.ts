import { rootCause } from "./root-cause.ts";

/*
 * Which D1 failures are worth another try. Cloudflare's "Retry queries"
 * (developers.cloudflare.com/d1/best-practices/retry-queries) names the
 * transient ones; SQLite's busy/locked is the local simulator's (and a
 * contended database's) way of saying the same. Anything else (a constraint,
 * a syntax error) fails the same way every time.
 */
const TRANSIENT_D1_MESSAGES = [
  "Network connection lost",
  "storage caused object to be reset",
  "reset because its code was updated",
  "SQLITE_BUSY",
  "database is locked",
] as const;

/** Whether `error` (or what drizzle wrapped) is a D1 failure that can pass on its own. */
export function isTransientD1Error(error: unknown): boolean {
  const cause = rootCause(error);
  const message = cause instanceof Error ? cause.message : String(cause);
  return TRANSIENT_D1_MESSAGES.some((fragment) => message.includes(fragment));
}

/** Attempts of one write batch: the first and up to three retries. */
export const WRITE_ATTEMPTS = 4;
/** The first retry waits up to this long; each further one doubles it (full jitter). */
const RETRY_BASE_MS = 50;

/**
 * Runs `write` again while it fails with a transient D1 error, with
 * exponential backoff and full jitter: at most WRITE_ATTEMPTS tries, waiting
 * at most RETRY_BASE_MS × (2^(WRITE_ATTEMPTS − 1) − 1) in all. Only for
 * writes that are idempotent by construction (ids made before the first
 * try, guards in every statement), because a transient error may come after
 * the write committed. D1 retries read-only queries itself.
 */
export async function withWriteRetries<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= WRITE_ATTEMPTS || !isTransientD1Error(error)) throw error;
      const ceiling = RETRY_BASE_MS * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
