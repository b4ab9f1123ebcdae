import { env } from "cloudflare:workers";

/*
 * The real local bindings (D1, KV, the outbox queue), wrapped so a test sees
 * each call before it runs: to count and record it (recording-bindings.ts) or
 * to make it fail (fault-injection.ts). The real binding always does the
 * work; a wrapper only watches, or throws before or after it.
 */

/** One call to a binding, as a wrapper sees it. */
export type BindingCall =
  | { binding: "DB"; method: "all" | "first" | "run" | "raw" | "batch"; statements: Statement[] }
  | { binding: "TOKENS"; method: string; key: unknown }
  | { binding: "OUTBOX_QUEUE"; method: "send" | "sendBatch"; messages: unknown[] };
export type Statement = { sql: string; params: unknown[] };

/** Runs the call (`proceed`) or not, and answers in its place. */
export type Interceptor = (call: BindingCall, proceed: () => Promise<unknown>) => Promise<unknown>;

const D1_CALLS = new Set(["all", "first", "run", "raw"]);
const KV_CALLS = new Set(["get", "getWithMetadata", "put", "delete", "list"]);

function bound(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

export function interceptBindings(intercept: Interceptor, base: Env = env): Env {
  type Wrapped = { real: D1PreparedStatement; statement: Statement };
  const unwrapped = new WeakMap<object, Wrapped>();
  const statement = (wrapped: Wrapped): D1PreparedStatement => {
    const proxy = new Proxy(wrapped.real, {
      get(target, prop) {
        if (prop === "bind") {
          return (...params: unknown[]) =>
            statement({
              real: target.bind(...params),
              statement: { sql: wrapped.statement.sql, params },
            });
        }
        if (typeof prop === "string" && D1_CALLS.has(prop)) {
          const method = prop as "all" | "first" | "run" | "raw";
          return (...args: unknown[]) =>
            intercept({ binding: "DB", method, statements: [wrapped.statement] }, () =>
              (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args),
            );
        }
        return bound(target, prop);
      },
    });
    unwrapped.set(proxy, wrapped);
    return proxy;
  };
  const database = <T extends D1Database | D1DatabaseSession>(real: T): T =>
    new Proxy(real, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) =>
            statement({ real: target.prepare(sql), statement: { sql, params: [] } });
        }
        if (prop === "batch") {
          return (statements: D1PreparedStatement[]) => {
            const wrapped = statements.map((s) => unwrapped.get(s));
            return intercept(
              {
                binding: "DB",
                method: "batch",
                statements: wrapped.map((w) => w?.statement ?? { sql: "?", params: [] }),
              },
              () => target.batch(statements.map((s, i) => wrapped[i]?.real ?? s)),
            );
          };
        }
        if (prop === "withSession" && "withSession" in target) {
          return (bookmark?: string) => database(target.withSession(bookmark));
        }
        return bound(target, prop);
      },
    });
  const TOKENS = new Proxy(base.TOKENS, {
    get(target, prop) {
      if (typeof prop === "string" && KV_CALLS.has(prop)) {
        return (...args: unknown[]) =>
          intercept({ binding: "TOKENS", method: prop, key: args[0] }, () =>
            (Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>).apply(
              target,
              args,
            ),
          );
      }
      return bound(target, prop);
    },
  });
  const OUTBOX_QUEUE = new Proxy(base.OUTBOX_QUEUE, {
    get(target, prop) {
      if (prop === "send" || prop === "sendBatch") {
        return (...args: unknown[]) =>
          intercept(
            {
              binding: "OUTBOX_QUEUE",
              method: prop,
              messages:
                prop === "send" ? [args[0]] : (args[0] as { body: unknown }[]).map((m) => m.body),
            },
            () => (target[prop] as (...a: unknown[]) => Promise<unknown>).apply(target, args),
          );
      }
      return bound(target, prop);
    },
  });
  return { ...base, DB: database(base.DB), TOKENS, OUTBOX_QUEUE };
}
