import { interceptBindings, type Statement } from "./binding-interceptor.ts";

/*
 * The real local D1 and KV bindings, counting D1 round trips and KV reads and
 * recording every statement D1 runs: a statement's all/first/run/raw is one
 * round trip, and so is a whole batch.
 */
export type Recording = { d1: number; kv: number; statements: Statement[] };

export const newRecording = (): Recording => ({ d1: 0, kv: 0, statements: [] });

export function recordingBindings(recording: Recording): Env {
  return interceptBindings((call, proceed) => {
    if (call.binding === "DB") {
      recording.d1++;
      recording.statements.push(...call.statements);
    }
    if (call.binding === "TOKENS" && (call.method === "get" || call.method === "getWithMetadata")) {
      recording.kv++;
    }
    return proceed();
  });
}
