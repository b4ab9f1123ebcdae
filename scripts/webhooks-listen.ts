// npm run webhooks:listen [-- --port 8789] [--secret whsec_…]: a local webhook receiver
// that prints each event, checking its signature with the standardwebhooks library.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Webhook } from "standardwebhooks";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8789" },
    secret: { type: "string" },
    api: { type: "string", default: "http://localhost:8787" },
  },
});
const port = Number(values.port);
const verifier = values.secret ? new Webhook(values.secret) : undefined;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = Object.fromEntries(
      ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [
        name,
        String(request.headers[name] ?? ""),
      ]),
    );
    let verdict = "signature not checked (start with --secret whsec_… to check it)";
    if (verifier) {
      try {
        verifier.verify(body, headers);
        verdict = "signature verified";
      } catch (error) {
        verdict = `SIGNATURE INVALID: ${error instanceof Error ? error.message : String(error)}`;
        response.writeHead(400).end();
        console.log(`\n${new Date().toISOString()} ${headers["webhook-id"] ?? ""}: ${verdict}`);
        return;
      }
    }
    response.writeHead(204).end();
    let event: unknown = body;
    try {
      event = JSON.parse(body);
    } catch {
      // Printed as it came.
    }
    console.log(`\n${new Date().toISOString()} ${verdict}\n${JSON.stringify(event, null, 2)}`);
  });
});

server.listen(port, "127.0.0.1", () => {
  const url = `http://127.0.0.1:${String(port)}/`;
  console.log(`Listening for webhooks on ${url}

Subscribe it (npm run dev allows plain http to 127.0.0.1), with the secret key npm run dev printed:

  curl -H 'Authorization: Bearer prt_…' -H 'Content-Type: application/json' \\
    -d '{"url":"${url}","events":["peer_mentor.status_changed","peer_mentor.certification_expiring"]}' \\
    ${values.api}/api/v1/webhooks

Then restart this with --secret and the whsec_… from the answer to check signatures:
  npm run webhooks:listen -- --secret whsec_…
Change a mentor's status, or fire the cron (curl '${values.api}/cdn-cgi/local/scheduled?cron=0+*+*+*+*'), and events appear here.`);
});
