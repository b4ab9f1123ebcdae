/*
 * <peer-supporters-directory>: the public roster on an organization's own
 * web page, built to public/embed/peer-supporters.js (scripts/build-assets.ts).
 * It holds only a publishable key, which can read nothing but the public
 * roster. No framework; data only ever reaches the page as text.
 */
import { WIDGET_STYLES } from "./styles.ts";
import { widgetText, type WidgetText } from "./text.ts";

/** The public roster's PublicPeerSupporter (motivation and recovery_status as the organization chose). */
type Supporter = {
  id: number;
  full_name: string;
  bio: string | null;
  motivation?: string | null;
  recovery_status?: string | null;
  profile_image_thumb_url: string;
  topics: string[];
  interests: string[];
  greeting: string | null;
  available: boolean;
};
type RosterPage = { current_page: number; total_pages: number; peer_supporters: Supporter[] };

const DEFAULT_ITEMS = 12;
const MAX_ITEMS = 100;
const SEARCH_DELAY_MS = 300;
// Where this module was loaded from: the API's default base URL.
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

// URL.parse is too new for some browsers still in use.
function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function tags(part: string, label: string, values: string[]): HTMLUListElement[] {
  if (values.length === 0) return [];
  const list = element("ul", { part, class: "tags", "aria-label": label });
  for (const value of values) list.append(element("li", {}, value));
  return [list];
}

/** A paragraph for each text the entry carries, in the card's reading order. */
function paragraphs(supporter: Supporter): HTMLParagraphElement[] {
  const texts: [string, string | null | undefined][] = [
    ["greeting", supporter.greeting],
    ["bio", supporter.bio],
    ["motivation", supporter.motivation],
    ["recovery-status", supporter.recovery_status],
  ];
  return texts.flatMap(([part, text]) => (text ? [element("p", { part, class: part }, text)] : []));
}

function card(supporter: Supporter, text: WidgetText): HTMLLIElement {
  const item = element("li", { part: "card", class: "card" });
  const avatarUrl = parseUrl(supporter.profile_image_thumb_url);
  if (avatarUrl && (avatarUrl.protocol === "https:" || avatarUrl.protocol === "http:")) {
    const avatar = element("img", {
      part: "avatar",
      class: "avatar",
      src: avatarUrl.href,
      alt: supporter.full_name,
      loading: "lazy",
      width: "64",
      height: "64",
    });
    item.append(avatar);
  }
  const details = element("div", { class: "details" });
  details.append(element("h3", { part: "name", class: "name" }, supporter.full_name));
  if (supporter.available) {
    details.append(element("p", { part: "availability", class: "availability" }, text.available));
  }
  details.append(
    ...paragraphs(supporter),
    ...tags("topics", text.topics, supporter.topics),
    ...tags("interests", text.interests, supporter.interests),
  );
  item.append(details);
  return item;
}

export class PeerSupportersDirectory extends HTMLElement {
  static observedAttributes = ["organization", "key", "items", "api", "lang"];

  readonly #root = this.attachShadow({ mode: "open" });
  readonly #search = element("input", {
    id: "search",
    part: "search",
    type: "search",
    autocomplete: "off",
  });
  readonly #searchLabel = element("label", { for: "search", part: "search-label" });
  readonly #status = element("p", { part: "status", class: "status", role: "status" });
  readonly #retry = element("button", { part: "retry", type: "button", hidden: "" });
  readonly #list = element("ul", { part: "list", class: "list", role: "list" });
  readonly #pager = element("nav", { part: "pager", class: "pager", hidden: "" });
  readonly #previous = element("button", { part: "pager-button", type: "button" });
  readonly #pageLabel = element("span", { part: "page-label" });
  readonly #next = element("button", { part: "pager-button", type: "button" });
  #page = 1;
  #term = "";
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #reloadQueued = false;

  constructor() {
    super();
    const style = element("style", {}, WIDGET_STYLES);
    const searchBox = element("div", { class: "search" });
    searchBox.append(this.#searchLabel, this.#search);
    this.#pager.append(this.#previous, this.#pageLabel, this.#next);
    this.#root.append(style, searchBox, this.#status, this.#retry, this.#list, this.#pager);

    this.#search.addEventListener("input", () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => {
        this.#term = this.#search.value.trim();
        this.#page = 1;
        void this.#load();
      }, SEARCH_DELAY_MS);
    });
    this.#retry.addEventListener("click", () => void this.#load());
    this.#previous.addEventListener("click", () => {
      this.#goTo(this.#page - 1);
    });
    this.#next.addEventListener("click", () => {
      this.#goTo(this.#page + 1);
    });
  }

  connectedCallback() {
    this.#queueReload();
  }

  disconnectedCallback() {
    clearTimeout(this.#searchTimer);
    this.#inFlight?.abort();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#queueReload();
  }

  // Attributes set one after another (by a framework, say) cost one request, not one each.
  #queueReload() {
    if (this.#reloadQueued) return;
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      this.#page = 1;
      this.#applyText();
      void this.#load();
    });
  }

  get #text() {
    return widgetText(this.getAttribute("lang"));
  }

  #applyText() {
    const text = this.#text;
    this.#searchLabel.textContent = text.search;
    this.#retry.textContent = text.retry;
    this.#previous.textContent = text.previous;
    this.#next.textContent = text.next;
    this.#list.setAttribute("aria-label", text.list);
    this.#pager.setAttribute("aria-label", text.pages);
  }

  #goTo(page: number) {
    this.#page = page;
    void this.#load();
  }

  #requestUrl(): URL | null {
    const organization = this.getAttribute("organization")?.trim();
    const key = this.getAttribute("key")?.trim();
    const base = parseUrl(this.getAttribute("api")?.trim() || SCRIPT_ORIGIN);
    if (!organization || !key || !base) return null;
    const url = new URL(
      `api/v2/organizations/${encodeURIComponent(organization)}/peer_supporters`,
      base.href.endsWith("/") ? base : `${base.href}/`,
    );
    const items = Number.parseInt(this.getAttribute("items") ?? "", 10);
    url.searchParams.set("key", key);
    url.searchParams.set("items", String(items >= 1 ? Math.min(items, MAX_ITEMS) : DEFAULT_ITEMS));
    url.searchParams.set("page", String(this.#page));
    if (this.#term) url.searchParams.set("q", this.#term);
    return url;
  }

  async #load() {
    const text = this.#text;
    const url = this.#requestUrl();
    if (!url) {
      console.warn("<peer-supporters-directory> needs the organization and key attributes.");
      this.#showError();
      return;
    }
    this.#inFlight?.abort();
    const inFlight = (this.#inFlight = new AbortController());
    this.#status.textContent = text.loading;
    this.#retry.hidden = true;
    this.#list.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        signal: inFlight.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        console.warn(`<peer-supporters-directory>: ${response.status} ${body?.error ?? ""}`);
        this.#showError();
        return;
      }
      this.#render((await response.json()) as RosterPage);
    } catch (error) {
      if (inFlight.signal.aborted) return;
      console.warn("<peer-supporters-directory>:", error);
      this.#showError();
    } finally {
      if (this.#inFlight === inFlight) this.#list.removeAttribute("aria-busy");
    }
  }

  #showError() {
    this.#status.textContent = this.#text.error;
    this.#retry.hidden = false;
    this.#list.replaceChildren();
    this.#pager.hidden = true;
  }

  #render(page: RosterPage) {
    const text = this.#text;
    const hadFocus = this.#root.activeElement;
    this.#list.replaceChildren(...page.peer_supporters.map((s) => card(s, text)));
    this.#status.textContent =
      page.peer_supporters.length > 0 ? "" : this.#term ? text.noMatch(this.#term) : text.empty;
    this.#pager.hidden = page.total_pages <= 1;
    this.#pageLabel.textContent = text.page(page.current_page, Math.max(page.total_pages, 1));
    this.#previous.disabled = page.current_page <= 1;
    this.#next.disabled = page.current_page >= page.total_pages;
    // A pager button that just became disabled would drop focus to the page's top.
    if (hadFocus === this.#previous && this.#previous.disabled) this.#next.focus();
    if (hadFocus === this.#next && this.#next.disabled) this.#previous.focus();
  }
}

if (!customElements.get("peer-supporters-directory")) {
  customElements.define("peer-supporters-directory", PeerSupportersDirectory);
}
