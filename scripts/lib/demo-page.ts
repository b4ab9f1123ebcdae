import { createServer, type Server } from "node:http";

/** What the demo page embeds: the widget's attributes, and where the API runs. */
export type DemoPage = { api: string; organization: number; key: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * "Meet our peer supporters", as an organization's web person would write it
 * from the README: one script tag and one element. Query parameters of the
 * page's own URL (key, lang, items) override the attributes, so the browser
 * tests can try other keys and languages on the same page.
 */
function demoPageHtml(page: DemoPage, overrides: URLSearchParams): string {
  const attributes = {
    organization: String(page.organization),
    key: overrides.get("key") ?? page.key,
    items: overrides.get("items") ?? "6",
    lang: overrides.get("lang") ?? "en",
  };
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(" ");
  return `<!doctype html>
<html lang="${escapeHtml(attributes.lang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Meet our peer supporters</title>
    <script type="module" src="${escapeHtml(page.api)}/embed/peer-supporters.js"></script>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
    </style>
  </head>
  <body>
    <main>
      <h1>Meet our peer supporters</h1>
      <peer-supporters-directory ${attributeText}></peer-supporters-directory>
    </main>
  </body>
</html>
`;
}

/** Serves the demo page at / on 127.0.0.1:`port`: another origin than the API's. */
export function serveDemoPage(port: number, page: DemoPage): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname !== "/") {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
      .end(demoPageHtml(page, url.searchParams));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve(server);
    });
  });
}
