import { createServer, type Server } from "node:http";

/** What the demo page embeds: the widget's attributes, and where the API runs. */
export type DemoPage = { api: string; organization: number; key: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The optional attributes a page's own query may set (`sync-url` and the like: present or not).
const OPTIONAL_ATTRIBUTES = ["contact-url", "sync-url", "lang"];

// A web person's dark brand theme, set from outside with the documented custom properties.
const DARK_THEME = `
      body { background: #14161f; color: #f2f3f7; }
      peer-supporters-directory {
        --peer-supporters-text-color: #f2f3f7;
        --peer-supporters-muted-color: #b9bfd0;
        --peer-supporters-card-background: #1f2230;
        --peer-supporters-border-color: #3a3f55;
        --peer-supporters-input-border-color: #8a90a8;
        --peer-supporters-accent-color: #f0b43c;
        --peer-supporters-accent-text-color: #14161f;
        --peer-supporters-focus-color: #f0b43c;
        --peer-supporters-skeleton-color: #2b2f42;
      }`;

/**
 * "Meet our peer supporters", as an organization's web person would write it
 * from docs/embed.md: one script tag and one element, with a <noscript> link to
 * the hosted page. Query parameters of the page's own URL override the
 * attributes (key, items, contact-url, sync-url, lang), put `lang` on the
 * page's <html> or a <section> instead (`page-lang`, `section-lang`), and
 * pick the dark theme (`theme=dark`), so tests can try them on one page.
 */
function demoPageHtml(page: DemoPage, overrides: URLSearchParams): string {
  const attributes: Record<string, string> = {
    organization: String(page.organization),
    key: overrides.get("key") ?? page.key,
    items: overrides.get("items") ?? "6",
  };
  for (const name of OPTIONAL_ATTRIBUTES) {
    const value = overrides.get(name);
    if (value !== null) attributes[name] = value;
  }
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(" ");
  const pageLang = overrides.get("page-lang") ?? "en";
  const sectionLang = overrides.get("section-lang");
  const hosted = `${page.api}/o/${String(page.organization)}/peer-supporters?key=${encodeURIComponent(attributes.key ?? "")}`;
  return `<!doctype html>
<html lang="${escapeHtml(pageLang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Meet our peer supporters</title>
    <script type="module" src="${escapeHtml(page.api)}/embed/peer-supporters.js"></script>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
      ${overrides.get("theme") === "dark" ? DARK_THEME : ""}
    </style>
  </head>
  <body>
    <main>
      <h1>Meet our peer supporters</h1>
      <section${sectionLang === null ? "" : ` lang="${escapeHtml(sectionLang)}"`}>
        <peer-supporters-directory ${attributeText}>
          <noscript><a href="${escapeHtml(hosted)}">See our peer supporters</a></noscript>
        </peer-supporters-directory>
      </section>
    </main>
  </body>
</html>
`;
}

const AVATAR_PATH = /^\/users\/avatars\/(thumb|medium)\/(\d+)\.png$/;
const AVATAR_TONES = ["#d9822b", "#3d8b6d", "#4f6fd0", "#b0577f", "#7b6cc4", "#2f8fa3"];

/** A stand-in portrait (an SVG silhouette) for the demo's avatar files: no image host needed. */
function avatarSvg(file: number): string {
  const tone = AVATAR_TONES[file % AVATAR_TONES.length] ?? "#888888";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${tone}"/><circle cx="32" cy="25" r="12" fill="#f6efe6"/><ellipse cx="32" cy="60" rx="22" ry="18" fill="#f6efe6"/></svg>`;
}

/**
 * Serves the demo page at / on 127.0.0.1:`port` (another origin than the
 * API's), and the demo's avatars under /users/avatars/ for an
 * ASSETS_BASE_URL pointed here.
 */
export function serveDemoPage(port: number, page: DemoPage): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://127.0.0.1:${port}`);
    const avatar = AVATAR_PATH.exec(url.pathname);
    if (avatar) {
      response
        .writeHead(200, {
          "Content-Type": "image/svg+xml",
          "Cross-Origin-Resource-Policy": "cross-origin",
        })
        .end(avatarSvg(Number(avatar[2])));
      return;
    }
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
