import { createServer, type IncomingHttpHeaders } from "node:http";
import type { TestProject } from "vitest/node";

/*
 * A real HTTP receiver for the webhook tests, in Node beside workerd. The
 * Worker under test POSTs to http://127.0.0.1:<port>/hooks/<name>; tests read
 * what arrived from /received/<name>, and make the next N deliveries to a
 * name fail with POST /fail/<name>?times=N (503, as a receiver that is down).
 */
export type ReceivedDelivery = { headers: IncomingHttpHeaders; body: string };

declare module "vitest" {
  export interface ProvidedContext {
    webhookReceiver: string;
  }
}

export default async function setup(project: TestProject) {
  const received = new Map<string, ReceivedDelivery[]>();
  const failuresLeft = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const [, route, name = ""] = url.pathname.split("/");
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && route === "hooks") {
        const failures = failuresLeft.get(name) ?? 0;
        if (failures > 0) {
          failuresLeft.set(name, failures - 1);
          response.writeHead(503).end("down for maintenance");
          return;
        }
        const deliveries = received.get(name) ?? [];
        deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        received.set(name, deliveries);
        response.writeHead(204).end();
      } else if (request.method === "POST" && route === "fail") {
        failuresLeft.set(name, Number(url.searchParams.get("times") ?? "1"));
        response.writeHead(204).end();
      } else if (request.method === "GET" && route === "received") {
        response
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify(received.get(name) ?? []));
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("the receiver has no port");
  project.provide("webhookReceiver", `http://127.0.0.1:${String(address.port)}`);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
}
