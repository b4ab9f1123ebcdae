import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index.ts";
import { interceptBindings, type BindingCall } from "./binding-interceptor.ts";

/*
 * Faults in the real local bindings: chosen calls fail with the messages the
 * platform documents, before the real call runs or after it (the ambiguous
 * case: the write committed, the caller hears it failed), or a queue message
 * is dropped on its way (accepted, never delivered).
 */

/** D1's transient errors, in Cloudflare's words (developers.cloudflare.com/d1/best-practices/retry-queries). */
export const D1_NETWORK_LOST = "D1_ERROR: Network connection lost.";
export const D1_OBJECT_RESET =
  "D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.";
/** What a failing KV read throws (the binding's own wording for an upstream failure). */
export const KV_UNAVAILABLE = "KV GET failed: 503 Service Unavailable";
export const QUEUE_SEND_FAILED = "Queue send failed: Service Unavailable";

export type Fault = {
  /** Which calls: every call this matches (after `skip` of them) fails, `times` times. */
  matches: (call: BindingCall) => boolean;
  /** "before": the real call never runs; "after": it runs, then the caller gets the error; "drop": a send is accepted and lost. */
  when: "before" | "after" | "drop";
  message?: string;
  skip?: number;
  times?: number;
};

/** Every call the bindings saw, and whether a fault hit it. */
export type FaultLog = { call: BindingCall; faulted: boolean }[];

export function faultyBindings(faults: Fault[]): { env: Env; log: FaultLog } {
  const log: FaultLog = [];
  const seen = faults.map(() => 0);
  const env = interceptBindings(async (call, proceed) => {
    const index = faults.findIndex((fault, i) => {
      if (!fault.matches(call)) return false;
      const count = (seen[i] ?? 0) + 1;
      seen[i] = count;
      const skip = fault.skip ?? 0;
      return count > skip && count <= skip + (fault.times ?? Infinity);
    });
    const fault = faults[index];
    log.push({ call, faulted: fault !== undefined });
    if (!fault) return proceed();
    const error = new Error(fault.message ?? D1_NETWORK_LOST);
    if (fault.when === "drop") return undefined;
    if (fault.when === "after") await proceed();
    throw error;
  });
  return { env, log };
}

/** Matchers for the usual faults. */
export const d1Writes = (call: BindingCall) =>
  call.binding === "DB" &&
  call.statements.some((s) => /^\s*(INSERT|UPDATE|DELETE|WITH)/i.test(s.sql));
export const d1Any = (call: BindingCall) => call.binding === "DB";
export const kvReads = (call: BindingCall) =>
  call.binding === "TOKENS" && (call.method === "get" || call.method === "getWithMetadata");
export const queueSends = (call: BindingCall) => call.binding === "OUTBOX_QUEUE";
/** D1 calls with a statement whose SQL starts with `prefix` (case-insensitive). */
export const statementsStarting = (prefix: string) => (call: BindingCall) =>
  call.binding === "DB" &&
  call.statements.some((statement) => statement.sql.toLowerCase().startsWith(prefix));

/** The Worker's answer to `request` with `faults` in its bindings (and `vars` over its settings), its waitUntil work done. */
export async function fetchWithFaults(
  faults: Fault[],
  request: Request,
  vars: Record<string, string> = {},
) {
  const { env: faulty, log } = faultyBindings(faults);
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...faulty, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return { response, log };
}

/** A request as a client sends one: `token` as its bearer, `body` as JSON, `headers` besides. */
export function clientRequest(
  path: string,
  {
    method,
    token,
    body,
    headers = {},
  }: {
    method: string;
    token: string;
    body?: unknown;
    headers?: Record<string, string>;
  },
) {
  return new Request(`https://peer-roster.test${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
