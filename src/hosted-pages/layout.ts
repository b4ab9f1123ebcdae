import { html, jsonForScript, type Html } from "./html.ts";
import type { HostedLanguage } from "./text.ts";
import { firstGrapheme } from "../lib/first-grapheme.ts";

/** The hosted pages' stylesheet, a static asset (public/hosted/): CSP style-src 'self', no inline style. */
export const HOSTED_STYLESHEET = "/hosted/peer-supporters.css";

/**
 * The hosted pages' Content-Security-Policy: nothing runs (the JSON-LD block
 * is data, which script-src does not govern), nothing loads but this
 * origin's stylesheet, forms go to this origin only, and no site frames it.
 */
export const HOSTED_CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  // Not framed: the widget and the fragment are the ways onto another site.
  "frame-ancestors 'none'",
].join("; ");

export type PageHead = {
  lang: HostedLanguage;
  title: string;
  description: string;
  /** None on an error page: there is nothing to index. */
  canonical?: string;
  /** schema.org data of the page, as JSON-LD. */
  structuredData?: unknown;
};

/** A whole document around `body`. */
export function documentOf(head: PageHead, body: Html): Html {
  return html`<!DOCTYPE html>
    <html lang="${head.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${head.title}</title>
        <meta name="description" content="${head.description}" />
        ${
          head.canonical === undefined
            ? ""
            : html`<link rel="canonical" href="${head.canonical}" />`
        }
        <link rel="stylesheet" href="${HOSTED_STYLESHEET}" />
        ${
          head.structuredData === undefined
            ? ""
            : html`<script type="application/ld+json">
                ${jsonForScript(head.structuredData)}
              </script>`
        }
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `;
}

/** "JD" for "Jane D.": the first grapheme of the first two words, shown instead of a photo. */
export function initialsOf(fullName: string): string {
  return fullName
    .split(/\s+/)
    .filter((word) => word !== "")
    .slice(0, 2)
    .map(firstGrapheme)
    .join("")
    .toLocaleUpperCase();
}
