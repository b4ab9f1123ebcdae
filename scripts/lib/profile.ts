import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./bindings.ts";

/*
 * Where a Worker's CPU goes: a V8 CPU profile of the user Worker's isolate,
 * taken through `wrangler dev --inspector-port`, with every sample mapped back
 * to its source file through wrangler's source map and put in a category.
 * Native frames (JSON.stringify, Headers, crypto) count for the source that
 * called them. It covers the Worker's own isolate only: local D1's SQLite,
 * KV and the rate limiter run elsewhere in workerd.
 */

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type Inspector = {
  send: (method: string, params?: object) => Promise<{ result?: unknown; error?: unknown }>;
  close: () => void;
};

/** Connects to wrangler dev's inspector proxy (it wants an Origin header it knows). */
export async function connectInspector(port: number): Promise<Inspector> {
  // Node's WebSocket (undici) takes headers in its options; the DOM typing doesn't know it.
  const options = { headers: { Origin: "https://devtools.devprod.cloudflare.dev" } };
  const socket = new WebSocket(`ws://localhost:${String(port)}/ws`, options as unknown as string[]);
  const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  let nextId = 0;
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      result?: unknown;
      error?: unknown;
    };
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", () => {
      reject(new Error("inspector: cannot connect"));
    });
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => {
      socket.close();
    },
  };
}

/** Profiles the isolate while `drive` runs. */
export async function cpuProfile(inspector: Inspector, drive: () => Promise<void>) {
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 200 });
  await inspector.send("Profiler.start");
  await drive();
  const { result } = await inspector.send("Profiler.stop");
  return (result as { profile: CpuProfile }).profile;
}

/** The newest bundle wrangler dev built, and its source map. */
export function devBundleSourceMap(): TraceMap {
  const tmp = join(PROJECT_ROOT, ".wrangler", "tmp");
  const [newest] = readdirSync(tmp)
    .filter((dir) => dir.startsWith("dev-"))
    .map((dir) => join(tmp, dir, "index.js.map"))
    .filter((file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!newest) throw new Error("no wrangler dev source map in .wrangler/tmp");
  return new TraceMap(readFileSync(newest, "utf8"));
}

// First match wins: a source path (after the source map) → the category its samples count for.
const CATEGORIES: [RegExp, string][] = [
  [/src\/http\/request-log\.ts/, "logging"],
  [/hono\/dist\/middleware\/etag/, "ETag"],
  [/src\/auth\//, "auth: token lookup, rate limits"],
  [/src\/db\/|cloudflare-internal:d1|d1-api/, "D1 client (session, calls)"],
  // drizzle's source map names its files node_modules/src/…
  [/drizzle-orm|node_modules\/src\//, "query building and row mapping (drizzle)"],
  [
    /\/zod\/|hono-openapi|standard-validator|src\/http\/query-params|schemas\.ts/,
    "validation (zod)",
  ],
  [/serialize\.ts|src\/http\/pagination/, "serialization"],
  [
    /hono\/dist\/middleware\/(secure-headers|cors|request-id|body-limit)|src\/http\/cors/,
    "other middleware (headers, CORS, request id, body limit)",
  ],
  [/hono\//, "Hono (routing, context, responses)"],
  [/src\//, "route handlers"],
];

const RUNTIME = "runtime outside JS (workerd, I/O, GC)";

function categoryOfSource(source: string): string | undefined {
  return CATEGORIES.find(([pattern]) => pattern.test(source))?.[1];
}

/**
 * Milliseconds per request of each category. A sample counts for its own
 * frame's category, or its nearest caller's that has one.
 */
export function profileBreakdown(
  profile: CpuProfile,
  map: TraceMap,
  requests: number,
): Record<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const own = new Map<number, string | undefined>();
  for (const node of profile.nodes) {
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    if (functionName === "(idle)") own.set(node.id, "(idle)");
    else if (functionName === "(program)" || functionName === "(garbage collector)")
      own.set(node.id, RUNTIME);
    else if (url.endsWith("index.js") && lineNumber >= 0) {
      const { source } = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber });
      own.set(node.id, source ? categoryOfSource(source) : undefined);
    } else own.set(node.id, url ? categoryOfSource(url) : undefined);
  }
  const categoryOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const category = own.get(at);
      if (category) return category;
    }
    return RUNTIME;
  };
  const totals: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const category = categoryOf(id);
    if (category === "(idle)") return;
    totals[category] = (totals[category] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return Object.fromEntries(
    Object.entries(totals).map(([category, ms]) => [category, ms / Math.max(requests, 1)]),
  );
}
