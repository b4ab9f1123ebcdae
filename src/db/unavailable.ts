import { rootCause } from "./root-cause.ts";

/*
 * A dependency (D1, KV) that failed in a way the client's retry can get
 * past: the API answers 503 with Retry-After, not 500. 500 stays for bugs.
 */
export class DependencyUnavailableError extends Error {
  readonly dependency: "D1" | "KV";
  constructor(dependency: "D1" | "KV", options: { cause: unknown }) {
    super(`${dependency} is unavailable`, options);
    this.name = "DependencyUnavailableError";
    this.dependency = dependency;
  }
}

/** The DependencyUnavailableError anywhere in `error`'s cause chain (drizzle wraps errors). */
export function unavailableDependency(error: unknown): DependencyUnavailableError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof DependencyUnavailableError) return cause;
  }
  return undefined;
}

// SQLite's verdicts on the statement itself: the same on every try, so our bug, not an outage.
const STATEMENT_ERRORS = [
  "SQLITE_CONSTRAINT",
  "SQLITE_ERROR",
  "SQLITE_MISMATCH",
  "SQLITE_RANGE",
  "SQLITE_TOOBIG",
  "constraint failed",
  "too many SQL variables",
] as const;

function reported(error: unknown): unknown {
  const cause = rootCause(error);
  const message = cause instanceof Error ? cause.message : String(cause);
  return STATEMENT_ERRORS.some((fragment) => message.includes(fragment))
    ? error
    : new DependencyUnavailableError("D1", { cause: error });
}

const reporting = <T>(call: Promise<T>): Promise<T> =>
  call.catch((error: unknown) => {
    throw reported(error);
  });

/** A prepared statement whose failures, other than the statement's own, say D1 is unavailable. */
class ReportingStatement {
  readonly real: D1PreparedStatement;
  constructor(real: D1PreparedStatement) {
    this.real = real;
  }
  bind(...values: unknown[]) {
    return new ReportingStatement(this.real.bind(...values));
  }
  first(...args: Parameters<D1PreparedStatement["first"]>) {
    return reporting(this.real.first(...args));
  }
  all(...args: Parameters<D1PreparedStatement["all"]>) {
    return reporting(this.real.all(...args));
  }
  run(...args: Parameters<D1PreparedStatement["run"]>) {
    return reporting(this.real.run(...args));
  }
  raw(...args: Parameters<D1PreparedStatement["raw"]>) {
    return reporting(this.real.raw(...args));
  }
}

const unwrap = (statement: D1PreparedStatement) =>
  statement instanceof ReportingStatement ? statement.real : statement;

/**
 * The D1 binding (or a session of it) as drizzle uses it, prepare() and
 * batch(), with every failure that is not the statement's own fault turned
 * into a DependencyUnavailableError: D1 down, overloaded, reset or locked.
 */
export function reportingUnavailability(d1: D1Database | D1DatabaseSession): D1Database {
  const database = {
    prepare: (query: string) => new ReportingStatement(d1.prepare(query)),
    batch: <T>(statements: D1PreparedStatement[]) => reporting(d1.batch<T>(statements.map(unwrap))),
  };
  return database as unknown as D1Database;
}
