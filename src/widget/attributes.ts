import { parseUrl } from "./dom.ts";
import type { Supporter } from "./supporter.ts";

/* What the element's attributes say: where the API is, how many per page, where contact goes. */

const DEFAULT_ITEMS = 12;
const MAX_ITEMS = 100;
// Where this module was loaded from: the API's default base URL.
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

/** `resource` of the organization's roster API, with the key; null without organization or key. */
export function apiUrl(host: Element, resource: string): URL | null {
  const organization = host.getAttribute("organization")?.trim();
  const key = host.getAttribute("key")?.trim();
  const base = parseUrl(host.getAttribute("api")?.trim() || SCRIPT_ORIGIN);
  if (!organization || !key || !base) return null;
  const url = new URL(
    `api/v2/organizations/${encodeURIComponent(organization)}/${resource}`,
    base.href.endsWith("/") ? base : `${base.href}/`,
  );
  url.searchParams.set("key", key);
  return url;
}

export function itemsPerPage(host: Element): number {
  const items = Number.parseInt(host.getAttribute("items") ?? "", 10);
  return items >= 1 ? Math.min(items, MAX_ITEMS) : DEFAULT_ITEMS;
}

/** `contact-url` with `{id}` filled in, read against the page; only http(s), never script. */
export function contactUrl(host: Element, supporter: Supporter): string | null {
  const template = host.getAttribute("contact-url")?.trim();
  if (!template) return null;
  const id = encodeURIComponent(String(supporter.id));
  const url = parseUrl(template.replaceAll("{id}", id), location.href);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.href : null;
}
