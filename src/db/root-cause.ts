/**
 * The innermost cause of an error. drizzle wraps driver errors as "Failed
 * query: <sql> params: <values>": the wrapper's message carries personal data,
 * the driver's (SQLite's) does not.
 */
export function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof Error && cause.cause !== undefined) cause = cause.cause;
  return cause;
}
