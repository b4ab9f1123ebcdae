/** @jsxImportSource hono/jsx */
import type { FC } from "hono/jsx";
import { listPath } from "../../hosted-pages/links.ts";
import type { ConsoleText } from "../text.ts";

/** docs/embed.md's snippet for this deployment, organization and key: the keys page and the public page show it. */
export function embedSnippet(
  origin: string,
  organizationId: number,
  key: string,
  linkText: string,
) {
  const hosted = `${origin}${listPath(organizationId)}?key=${encodeURIComponent(key)}`;
  return [
    `<script type="module" src="${origin}/embed/peer-supporters.js"></script>`,
    `<peer-supporters-directory organization="${String(organizationId)}" key="${key}">`,
    `  <noscript>`,
    `    <a href="${hosted}">${linkText}</a>`,
    `  </noscript>`,
    `</peer-supporters-directory>`,
  ].join("\n");
}

/** A publishable key with its snippet, ready to copy. */
export const KeySnippet: FC<{
  text: ConsoleText;
  origin: string;
  organizationId: number;
  publishableKey: string;
}> = ({ text, origin, organizationId, publishableKey }) => (
  <details>
    <summary>{text.keys.snippet}</summary>
    <p class="hint">{text.keys.snippetHint}</p>
    <pre class="copy">
      <code>{embedSnippet(origin, organizationId, publishableKey, text.keys.hostedLink)}</code>
    </pre>
  </details>
);
