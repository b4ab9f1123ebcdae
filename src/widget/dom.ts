/** An element with attributes and, optionally, text: data only ever reaches the page as text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// URL.parse is too new for some browsers still in use.
export function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

/** A list of tags (topics, interests), or nothing when there are none. */
export function tagList(part: string, label: string, values: string[]): HTMLUListElement[] {
  if (values.length === 0) return [];
  const list = element("ul", { part, class: "tags", "aria-label": label });
  for (const value of values) list.append(element("li", {}, value));
  return [list];
}
