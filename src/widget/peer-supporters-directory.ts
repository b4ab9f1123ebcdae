/*
 * <peer-supporters-directory>: the public roster on an organization's own
 * web page, built to public/embed/peer-supporters.js (scripts/build-assets.ts).
 * It holds only a publishable key, which can read nothing but the public
 * roster. No framework; data only ever reaches the page as text.
 */
import { getJson, type Failure } from "./api.ts";
import { card, skeletonCards } from "./card.ts";
import { apiUrl, contactUrl, itemsPerPage } from "./attributes.ts";
import { element } from "./dom.ts";
import { renderFilters, type FilterChange } from "./filters.ts";
import { ProfileDialog } from "./profile-dialog.ts";
import {
  initialState,
  isFiltered,
  sameTopic,
  setRosterParams,
  stateFromUrl,
  urlWithState,
  type DirectoryState,
} from "./state.ts";
import { WIDGET_STYLES } from "./styles.ts";
import type { RosterPage, Supporter, TopicCount } from "./supporter.ts";
import { countText, widgetText } from "./text.ts";

const SEARCH_DELAY_MS = 300;
// Attributes that name another roster: the visitor's choices start over.
const ROSTER_ATTRIBUTES = ["organization", "key", "api", "items"];

export class PeerSupportersDirectory extends HTMLElement {
  static observedAttributes = [...ROSTER_ATTRIBUTES, "lang", "contact-url", "sync-url"];

  readonly #root = this.attachShadow({ mode: "open" });
  readonly #search = element("input", {
    id: "search",
    part: "search",
    type: "search",
    autocomplete: "off",
  });
  readonly #searchLabel = element("label", { for: "search", part: "search-label" });
  readonly #filters = element("div", {
    part: "filters",
    class: "filters",
    role: "group",
    hidden: "",
  });
  readonly #status = element("p", { part: "status", class: "status", role: "status" });
  readonly #retry = element("button", { part: "retry", type: "button", hidden: "" });
  readonly #list = element("ul", { part: "list", class: "list", role: "list", tabindex: "-1" });
  readonly #pager = element("nav", { part: "pager", class: "pager", hidden: "" });
  readonly #previous = element("button", { part: "pager-button", type: "button" });
  readonly #pageLabel = element("span", { part: "page-label" });
  readonly #next = element("button", { part: "pager-button", type: "button" });
  readonly #dialog = new ProfileDialog({
    contactUrl: (supporter) => contactUrl(this, supporter),
    contact: (supporter) => this.#dispatch("peer-supporter-contact", supporter),
  });
  #state = initialState();
  #topics: TopicCount[] = [];
  #topicsFor = "";
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #reloadQueued = false;
  #restart = true;

  constructor() {
    super();
    const searchBox = element("div", { class: "search" });
    searchBox.append(this.#searchLabel, this.#search);
    this.#pager.append(this.#previous, this.#pageLabel, this.#next);
    this.#root.append(
      element("style", {}, WIDGET_STYLES),
      searchBox,
      this.#filters,
      this.#status,
      this.#retry,
      this.#list,
      this.#pager,
      this.#dialog.element,
    );
    this.#search.addEventListener("input", () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => {
        this.#update({ q: this.#search.value.trim(), page: 1 });
      }, SEARCH_DELAY_MS);
    });
    this.#retry.addEventListener("click", () => void this.#load());
    this.#previous.addEventListener("click", () => {
      this.#update({ page: this.#state.page - 1 }, { toTop: true });
    });
    this.#next.addEventListener("click", () => {
      this.#update({ page: this.#state.page + 1 }, { toTop: true });
    });
  }

  connectedCallback() {
    this.#restart = true;
    this.#queueReload();
  }

  disconnectedCallback() {
    clearTimeout(this.#searchTimer);
    this.#inFlight?.abort();
    this.#dialog.close();
  }

  attributeChangedCallback(name: string) {
    if (ROSTER_ATTRIBUTES.includes(name)) this.#restart = true;
    if (this.isConnected) this.#queueReload();
  }

  // Attributes set one after another (by a framework, say) cost one request, not one each.
  #queueReload() {
    if (this.#reloadQueued) return;
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (this.#restart) {
        this.#restart = false;
        this.#state = this.#syncsUrl
          ? stateFromUrl(new URLSearchParams(location.search))
          : initialState();
        this.#search.value = this.#state.q;
      }
      this.#applyText();
      void this.#loadTopics();
      void this.#load();
    });
  }

  get #syncsUrl() {
    return this.hasAttribute("sync-url");
  }

  /** The element's `lang`, else its nearest ancestor's, else the document's. */
  get #text() {
    return widgetText(
      this.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang,
    );
  }

  #applyText() {
    const text = this.#text;
    this.#searchLabel.textContent = text.search;
    this.#search.placeholder = text.placeholder;
    this.#retry.textContent = text.retry;
    this.#previous.textContent = text.previous;
    this.#next.textContent = text.next;
    this.#list.setAttribute("aria-label", text.list);
    this.#pager.setAttribute("aria-label", text.pages);
  }

  /** Changes the visitor's choices, mirrors them in the URL with `sync-url`, and loads that page. */
  #update(change: Partial<DirectoryState>, { toTop = false } = {}) {
    this.#state = { ...this.#state, ...change };
    if (this.#syncsUrl) {
      history.replaceState(history.state, "", urlWithState(new URL(location.href), this.#state));
    }
    this.#renderFilters();
    void this.#load({ toTop });
  }

  #onFilter(change: FilterChange) {
    if ("clear" in change) {
      this.#update({ topics: [], available: false, page: 1 });
      return;
    }
    if ("available" in change) {
      this.#update({ available: change.available, page: 1 });
      return;
    }
    const { topics } = this.#state;
    const chosen = topics.some((topic) => sameTopic(topic, change.topic));
    this.#update({
      topics: chosen
        ? topics.filter((topic) => !sameTopic(topic, change.topic))
        : [...topics, change.topic],
      page: 1,
    });
  }

  #renderFilters() {
    renderFilters(this.#filters, this.#topics, this.#state, this.#text, (change) => {
      this.#onFilter(change);
    });
  }

  /** The organization's topics, once per roster: no chips when it has none or they fail to load. */
  async #loadTopics() {
    const url = apiUrl(this, "topics");
    if (!url || url.href === this.#topicsFor) {
      this.#renderFilters();
      return;
    }
    this.#topicsFor = url.href;
    this.#topics = [];
    this.#renderFilters();
    const loaded = await getJson<{ data: TopicCount[] }>(url, new AbortController().signal);
    if (this.#topicsFor !== url.href) return;
    this.#topics = loaded.ok ? loaded.data.data : [];
    this.#renderFilters();
  }

  async #load({ toTop = false } = {}) {
    const text = this.#text;
    const url = apiUrl(this, "peer_supporters");
    if (!url) {
      console.warn("<peer-supporters-directory> needs the organization and key attributes.");
      this.#showError({ retryable: false, reason: "attributes" });
      return;
    }
    url.searchParams.set("items", String(itemsPerPage(this)));
    setRosterParams(url.searchParams, this.#state);
    this.#inFlight?.abort();
    const inFlight = (this.#inFlight = new AbortController());
    this.#status.textContent = text.loading;
    this.#retry.hidden = true;
    this.#list.setAttribute("aria-busy", "true");
    this.#list.replaceChildren(
      ...skeletonCards(this.#list.childElementCount || itemsPerPage(this)),
    );
    if (toTop) this.#toTop();
    try {
      const loaded = await getJson<RosterPage>(url, inFlight.signal);
      if (loaded.ok) this.#render(loaded.data, toTop);
      else this.#showError(loaded.failure);
    } catch (error) {
      if (!inFlight.signal.aborted) throw error;
    } finally {
      if (this.#inFlight === inFlight) this.#list.removeAttribute("aria-busy");
    }
  }

  // After paging, the visitor starts reading the new page at its top, wherever the pager was.
  #toTop() {
    this.#list.focus({ preventScroll: true });
    this.#list.scrollIntoView({ block: "start" });
  }

  #showError(failure: Failure) {
    const text = this.#text;
    this.#status.textContent = failure.retryable ? text.errorRetry : text.errorFinal;
    this.#retry.hidden = !failure.retryable;
    this.#list.replaceChildren();
    this.#pager.hidden = true;
  }

  #render(page: RosterPage, toTop: boolean) {
    const text = this.#text;
    const hadFocus = this.#root.activeElement;
    const select = (supporter: Supporter, opener: HTMLButtonElement) => {
      if (this.#dispatch("peer-supporter-select", supporter))
        this.#dialog.open(supporter, text, opener);
    };
    this.#list.replaceChildren(...page.peer_supporters.map((s) => card(s, text, select)));
    const { q } = this.#state;
    this.#status.textContent =
      page.peer_supporters.length > 0
        ? countText(text, page.total_items)
        : q
          ? text.noMatch(q)
          : isFiltered(this.#state)
            ? text.noFilterMatch
            : text.empty;
    this.#pager.hidden = page.total_pages <= 1;
    this.#pageLabel.textContent = text.page(page.current_page, Math.max(page.total_pages, 1));
    this.#previous.disabled = page.current_page <= 1;
    this.#next.disabled = page.current_page >= page.total_pages;
    if (toTop) this.#toTop();
    // A pager button that just became disabled would drop focus to the page's top.
    else if (hadFocus instanceof HTMLButtonElement && hadFocus.disabled) this.#list.focus();
  }

  /** Fires `name` with a copy of the supporter's public record; false when the page cancelled it. */
  #dispatch(name: string, supporter: Supporter): boolean {
    return this.dispatchEvent(
      new CustomEvent(name, {
        detail: structuredClone(supporter),
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
  }
}

if (!customElements.get("peer-supporters-directory")) {
  customElements.define("peer-supporters-directory", PeerSupportersDirectory);
}
