import { element } from "./dom.ts";
import { sameTopic, type DirectoryState } from "./state.ts";
import type { TopicCount } from "./supporter.ts";
import type { WidgetText } from "./text.ts";

/** How a chip changes the state: a topic toggled, availability toggled, or all cleared. */
export type FilterChange = { topic: string } | { available: boolean } | { clear: true };

function chip(label: string, pressed: boolean, count?: number): HTMLButtonElement {
  const button = element("button", {
    part: pressed ? "chip chip-pressed" : "chip",
    class: "chip",
    type: "button",
    "aria-pressed": String(pressed),
  });
  button.append(label);
  if (count !== undefined)
    button.append(" ", element("span", { part: "chip-count", class: "chip-count" }, String(count)));
  return button;
}

/**
 * The filter chips: one toggle per topic of the organization (none when it
 * has no topics), "available to talk", and "show everyone" while any is on.
 */
export function renderFilters(
  group: HTMLElement,
  topics: TopicCount[],
  state: DirectoryState,
  text: WidgetText,
  onChange: (change: FilterChange) => void,
) {
  group.setAttribute("aria-label", text.filters);
  const chips = topics.map(({ topic, count }) => {
    const button = chip(
      topic,
      state.topics.some((chosen) => sameTopic(chosen, topic)),
      count,
    );
    button.addEventListener("click", () => {
      onChange({ topic });
    });
    return button;
  });
  const available = chip(text.available, state.available);
  available.addEventListener("click", () => {
    onChange({ available: !state.available });
  });
  chips.push(available);
  if (state.topics.length > 0 || state.available) {
    const clear = element(
      "button",
      { part: "chip chip-clear", class: "chip clear", type: "button" },
      text.clearFilters,
    );
    clear.addEventListener("click", () => {
      onChange({ clear: true });
    });
    chips.push(clear);
  }
  // The chips are made anew: the one that had focus (a keyboard toggle) keeps it.
  const root = group.getRootNode() as ShadowRoot;
  const hadFocus = [...group.children].findIndex((child) => child === root.activeElement);
  group.replaceChildren(...chips);
  group.hidden = topics.length === 0;
  if (hadFocus >= 0) chips[Math.min(hadFocus, chips.length - 1)]?.focus();
}
