import { avatar } from "./avatar.ts";
import { element, tagList } from "./dom.ts";
import type { Supporter } from "./supporter.ts";
import type { WidgetText } from "./text.ts";

/**
 * A supporter's card: picture, name, availability, the start of the bio, and
 * topics. The name is a button that opens the profile; the whole card is its
 * target (the button's ::after covers the card), so a tap anywhere opens it.
 */
export function card(
  supporter: Supporter,
  text: WidgetText,
  onSelect: (supporter: Supporter, opener: HTMLButtonElement) => void,
): HTMLLIElement {
  const item = element("li", { part: "card", class: "card" });
  const open = element("button", {
    part: "card-button",
    class: "card-button",
    type: "button",
    "aria-haspopup": "dialog",
  });
  open.textContent = supporter.full_name;
  open.addEventListener("click", () => {
    onSelect(supporter, open);
  });
  const name = element("h3", { part: "name", class: "name" });
  name.append(open);
  const details = element("div", { class: "details" });
  details.append(name);
  if (supporter.available) {
    details.append(element("p", { part: "availability", class: "availability" }, text.available));
  }
  if (supporter.bio) details.append(element("p", { part: "bio", class: "bio" }, supporter.bio));
  // Topics and interests as one set of tags: "PTSD" in both shows once.
  const tags = new Map(
    [...supporter.topics, ...supporter.interests].map((t) => [t.toLowerCase(), t]),
  );
  details.append(...tagList("topics", text.topics, [...tags.values()]));
  item.append(avatar(supporter, "thumb"), details);
  return item;
}

/** Placeholders the size of cards while a page loads, so the layout does not jump. */
export function skeletonCards(count: number): HTMLLIElement[] {
  return Array.from({ length: count }, () => {
    const item = element("li", {
      part: "card skeleton",
      class: "card skeleton",
      "aria-hidden": "true",
    });
    item.append(element("span", { class: "avatar thumb" }), element("span", { class: "lines" }));
    return item;
  });
}
