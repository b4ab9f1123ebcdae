import { DEFAULT_PAGE_SIZE } from "../peer-supporters/roster/schemas.ts";
import { DEFAULT_LANGUAGE, type HostedLanguage } from "./text.ts";

/** What a hosted list page shows: every link on it is this state with one change. */
export type ListState = {
  organizationId: number;
  key: string;
  lang: HostedLanguage;
  search: string | undefined;
  /** Folded, sorted (src/peer-supporters/topics/filter.ts). */
  topics: readonly string[];
  available: boolean;
  page: number;
  items: number;
};

export const listPath = (organizationId: number) => `/o/${String(organizationId)}/peer-supporters`;
export const memberPath = (organizationId: number, memberId: number) =>
  `${listPath(organizationId)}/${String(memberId)}`;

/** `key` and `lang` (left out when it is the default): what every hosted URL carries. */
function baseParams(key: string, lang: HostedLanguage) {
  const params = new URLSearchParams({ key });
  if (lang !== DEFAULT_LANGUAGE) params.set("lang", lang);
  return params;
}

/**
 * The list page's URL for `state`, parameters in one order and defaults left
 * out, so one view has one URL: links and the canonical link alike.
 */
export function listUrl(origin: string, state: ListState): string {
  const params = baseParams(state.key, state.lang);
  if (state.search !== undefined) params.set("q", state.search);
  for (const topic of state.topics) params.append("topic", topic);
  if (state.available) params.set("available", "true");
  if (state.page > 1) params.set("page", String(state.page));
  if (state.items !== DEFAULT_PAGE_SIZE) params.set("items", String(state.items));
  return `${origin}${listPath(state.organizationId)}?${params.toString()}`;
}

/** One supporter's page. */
export function memberUrl(
  origin: string,
  { organizationId, key, lang }: Pick<ListState, "organizationId" | "key" | "lang">,
  memberId: number,
): string {
  return `${origin}${memberPath(organizationId, memberId)}?${baseParams(key, lang).toString()}`;
}

/** The state with `topic` added, or taken away when it is already chosen; back to page 1. */
export function toggledTopic(state: ListState, topic: string): ListState {
  const topics = state.topics.includes(topic)
    ? state.topics.filter((chosen) => chosen !== topic)
    : [...state.topics, topic].sort();
  return { ...state, topics, page: 1 };
}
