import type { PublicPeerSupporter } from "../peer-supporters/roster/schemas.ts";
import type { Topics } from "../peer-supporters/topics/queries.ts";
import { foldForSearch } from "../lib/fold.ts";
import { html, type Html } from "./html.ts";
import { documentOf, initialsOf } from "./layout.ts";
import { listPath, listUrl, memberUrl, toggledTopic, type ListState } from "./links.ts";
import { DEFAULT_LANGUAGE, hostedText, type HostedText } from "./text.ts";

/** What a list page is built from: the public roster's page, as the JSON route answers it. */
export type ListData = {
  organizationName: string;
  topics: Topics["data"];
  page: {
    current_page: number;
    total_items: number;
    total_pages: number;
    peer_supporters: PublicPeerSupporter[];
  };
};

function searchForm(state: ListState, text: HostedText): Html {
  const hidden = (name: string, value: string) =>
    html`<input type="hidden" name="${name}" value="${value}" />`;
  return html`<form
    class="search"
    method="get"
    action="${listPath(state.organizationId)}"
    role="search"
  >
    ${hidden("key", state.key)}${state.lang === DEFAULT_LANGUAGE ? "" : hidden("lang", state.lang)}${state.topics.map((topic) => hidden("topic", topic))}${state.available ? hidden("available", "true") : ""}
    <label for="q">${text.searchLabel}</label>
    <input id="q" name="q" type="search" maxlength="200" value="${state.search ?? ""}" />
    <button type="submit">${text.search}</button>
  </form>`;
}

/** Topic filters as links: each one toggles its topic; the chosen ones are marked. */
function topicLinks(origin: string, state: ListState, data: ListData, text: HostedText): Html {
  if (data.topics.length === 0) return html``;
  const chosen = (topic: string) => state.topics.includes(foldForSearch(topic));
  const link = (label: string, target: ListState, current: boolean) =>
    html`<li>
      <a href="${listUrl(origin, target)}" ${current ? html` aria-current="true"` : ""}>${label}</a>
    </li>`;
  return html`<nav class="topics" aria-label="${text.topics}">
    <ul>
      ${link(text.allTopics, { ...state, topics: [], available: false, page: 1 }, state.topics.length === 0 && !state.available)}
      ${data.topics.map(({ topic, count }) =>
        link(
          `${topic} (${String(count)})`,
          toggledTopic(state, foldForSearch(topic)),
          chosen(topic),
        ),
      )}
      ${link(text.availableOnly, { ...state, available: !state.available, page: 1 }, state.available)}
    </ul>
  </nav>`;
}

/** The organization's topics, then the platform interests not already among them (folded alike). */
export function labelsOf(supporter: PublicPeerSupporter): string[] {
  const seen = new Set(supporter.topics.map(foldForSearch));
  return [...supporter.topics, ...supporter.interests.filter((i) => !seen.has(foldForSearch(i)))];
}

/** One card: initials instead of a photo (no request to an image host), name linking to the profile. */
export function supporterCard(
  origin: string,
  state: Pick<ListState, "organizationId" | "key" | "lang">,
  supporter: PublicPeerSupporter,
  text: HostedText,
): Html {
  const labels = labelsOf(supporter);
  return html`<li class="card">
    <span class="initials" aria-hidden="true">${initialsOf(supporter.full_name)}</span>
    <h2><a href="${memberUrl(origin, state, supporter.id)}">${supporter.full_name}</a></h2>
    ${supporter.available ? html`<p class="available">${text.available}</p>` : ""}
    ${supporter.bio ? html`<p>${supporter.bio}</p>` : ""}
    ${
      labels.length > 0
        ? html`<ul class="tags" aria-label="${text.topics}">
            ${labels.map((label) => html`<li>${label}</li>`)}
          </ul>`
        : ""
    }
  </li>`;
}

function pagingLinks(origin: string, state: ListState, data: ListData, text: HostedText): Html {
  const { current_page: page, total_pages: pages } = data.page;
  if (pages <= 1) return html``;
  const to = (target: number, rel: string, label: string) =>
    html`<a rel="${rel}" href="${listUrl(origin, { ...state, page: target })}">${label}</a>`;
  return html`<nav class="paging" aria-label="${text.pages}">
    ${page > 1 ? to(Math.min(page - 1, pages), "prev", text.previous) : ""}
    <span>${text.page(Math.min(page, pages), pages)}</span>
    ${page < pages ? to(page + 1, "next", text.next) : ""}
  </nav>`;
}

/** The list's own markup: search, filters, count, cards and paging. Also the embeddable fragment. */
export function listFragment(origin: string, state: ListState, data: ListData): Html {
  const text = hostedText(state.lang);
  const { total_items: total, peer_supporters: supporters } = data.page;
  const filtered = state.search !== undefined || state.topics.length > 0 || state.available;
  return html`<section class="peer-supporters" lang="${state.lang}">
    ${searchForm(state, text)} ${topicLinks(origin, state, data, text)}
    <p class="count" role="status">${text.count(total)}</p>
    ${
      supporters.length > 0
        ? html`<ul class="roster">
            ${supporters.map((supporter) => supporterCard(origin, state, supporter, text))}
          </ul>`
        : html`<p>${filtered ? text.noMatch : text.empty}</p>`
    }
    ${pagingLinks(origin, state, data, text)}
  </section>`;
}

/** The hosted list page: the fragment in a document with its canonical link and schema.org data. */
export function listPage(origin: string, state: ListState, data: ListData): Html {
  const text = hostedText(state.lang);
  const canonical = listUrl(origin, state);
  const title = `${text.title}: ${data.organizationName}`;
  return documentOf(
    {
      lang: state.lang,
      title,
      description: `${title}. ${text.count(data.page.total_items)}.`,
      canonical,
      structuredData: {
        "@context": "https://schema.org",
        "@type": "ItemList",
        name: title,
        url: canonical,
        numberOfItems: data.page.total_items,
        itemListElement: data.page.peer_supporters.map((supporter, i) => ({
          "@type": "ListItem",
          position: (data.page.current_page - 1) * state.items + i + 1,
          item: {
            "@type": "Person",
            name: supporter.full_name,
            url: memberUrl(origin, state, supporter.id),
          },
        })),
      },
    },
    html`<h1>${title}</h1>
      ${listFragment(origin, state, data)}`,
  );
}
