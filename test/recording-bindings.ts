import { env } from "cloudflare:workers";

/*
 * The real local D1 and KV bindings, wrapped in proxies that count D1 round
 * trips and KV reads, and record every statement D1 runs: a statement's
 * all/first/run/raw is one round trip, and so is a whole batch.
 */
export type Recording = {
  d1: number;
  kv: number;
  statements: { sql: string; params: unknown[] }[];
};

export const newRecording = (): Recording => ({ d1: 0, kv: 0, statements: [] });

export function recordingBindings(recording: Recording): Env {
  type Recorded = { real: D1PreparedStatement; sql: string; params: unknown[] };
  const unwrapped = new WeakMap<object, Recorded>();
  const method = (target: object, prop: string | symbol) => {
    const value: unknown = Reflect.get(target, prop, target);
    return typeof value === "function"
      ? (value as (...a: unknown[]) => unknown).bind(target)
      : value;
  };
  const statement = (recorded: Recorded): D1PreparedStatement => {
    const proxy = new Proxy(recorded.real, {
      get(target, prop) {
        if (prop === "bind") {
          return (...params: unknown[]) =>
            statement({ real: target.bind(...params), sql: recorded.sql, params });
        }
        if (prop === "all" || prop === "first" || prop === "run" || prop === "raw") {
          recording.d1++;
          recording.statements.push({ sql: recorded.sql, params: recorded.params });
        }
        return method(target, prop);
      },
    });
    unwrapped.set(proxy, recorded);
    return proxy;
  };
  const database = <T extends D1Database | D1DatabaseSession>(real: T): T =>
    new Proxy(real, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) => statement({ real: target.prepare(sql), sql, params: [] });
        }
        if (prop === "batch") {
          return (statements: D1PreparedStatement[]) => {
            recording.d1++;
            const recorded = statements.map((s) => unwrapped.get(s));
            for (const r of recorded) if (r) recording.statements.push(r);
            return target.batch(statements.map((s, i) => recorded[i]?.real ?? s));
          };
        }
        if (prop === "withSession" && "withSession" in target) {
          return (bookmark?: string) => database(target.withSession(bookmark));
        }
        return method(target, prop);
      },
    });
  const TOKENS = new Proxy(env.TOKENS, {
    get(target, prop) {
      if (prop === "get" || prop === "getWithMetadata") recording.kv++;
      return method(target, prop);
    },
  });
  return { ...env, DB: database(env.DB), TOKENS };
}
