/*
 * What the visitor chose: search term, topics, availability and page. The
 * element holds it; with `sync-url` it is mirrored in the page's own URL
 * under names of its own (STATE_PARAMS), so a filtered view can be shared
 * and the host page's other parameters are left as they are.
 */
export type DirectoryState = { q: string; topics: string[]; available: boolean; page: number };

export const STATE_PARAMS = {
  q: "peers_q",
  topic: "peers_topic",
  available: "peers_available",
  page: "peers_page",
} as const;

export function initialState(): DirectoryState {
  return { q: "", topics: [], available: false, page: 1 };
}

/** The state a shared link carries; anything malformed reads as its default. */
export function stateFromUrl(params: URLSearchParams): DirectoryState {
  const page = Number.parseInt(params.get(STATE_PARAMS.page) ?? "", 10);
  return {
    q: params.get(STATE_PARAMS.q)?.trim() ?? "",
    topics: params.getAll(STATE_PARAMS.topic).filter((topic) => topic.trim() !== ""),
    available: params.get(STATE_PARAMS.available) === "true",
    page: page >= 1 ? page : 1,
  };
}

/** `url` with the state's parameters replaced; defaults are left out, other parameters kept. */
export function urlWithState(url: URL, state: DirectoryState): URL {
  const next = new URL(url);
  for (const name of Object.values(STATE_PARAMS)) next.searchParams.delete(name);
  if (state.q) next.searchParams.set(STATE_PARAMS.q, state.q);
  for (const topic of state.topics) next.searchParams.append(STATE_PARAMS.topic, topic);
  if (state.available) next.searchParams.set(STATE_PARAMS.available, "true");
  if (state.page > 1) next.searchParams.set(STATE_PARAMS.page, String(state.page));
  return next;
}

/** The roster API's parameters for the state (the API's names: q, topic, available, page). */
export function setRosterParams(params: URLSearchParams, state: DirectoryState) {
  params.set("page", String(state.page));
  if (state.q) params.set("q", state.q);
  for (const topic of state.topics) params.append("topic", topic);
  if (state.available) params.set("available", "true");
}

export const sameTopic = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

export function isFiltered(state: DirectoryState): boolean {
  return state.topics.length > 0 || state.available;
}
