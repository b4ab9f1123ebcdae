import { avatar } from "./avatar.ts";
import { element, tagList } from "./dom.ts";
import type { Supporter } from "./supporter.ts";
import type { WidgetText } from "./text.ts";

/** What the dialog needs from the element: the contact link and the events it fires. */
export type ProfileHost = {
  contactUrl(supporter: Supporter): string | null;
  /** Dispatches `peer-supporter-contact`; false when the page cancelled it. */
  contact(supporter: Supporter): boolean;
};

/** A headed part of the profile: a text, or tags; nothing when it is empty. */
function section(
  part: string,
  heading: string,
  body: string | string[] | null | undefined,
): HTMLElement[] {
  if (!body || body.length === 0) return [];
  const block = element("section", { part, class: "section" });
  block.append(element("h3", {}, heading));
  if (typeof body === "string") block.append(element("p", {}, body));
  else block.append(...tagList("tags", heading, body));
  return [block];
}

/**
 * The profile view: a modal <dialog>, so the browser moves focus into it,
 * keeps it there, makes the page behind inert and closes it on Escape. It is
 * labelled by the supporter's name, and focus goes back to the card that
 * opened it.
 */
export class ProfileDialog {
  readonly element = element("dialog", {
    part: "dialog",
    class: "dialog",
    "aria-labelledby": "profile-name",
  });
  readonly #host: ProfileHost;
  #opener: HTMLElement | null = null;

  constructor(host: ProfileHost) {
    this.#host = host;
    this.element.addEventListener("close", () => {
      this.#opener?.focus();
      this.#opener = null;
    });
    // A click on the backdrop (the dialog box itself, outside its content) closes it.
    this.element.addEventListener("click", (event) => {
      if (event.target === this.element) this.element.close();
    });
  }

  open(supporter: Supporter, text: WidgetText, opener: HTMLElement) {
    this.#opener = opener;
    const close = element(
      "button",
      { part: "dialog-close", class: "close", type: "button" },
      text.close,
    );
    close.addEventListener("click", () => {
      this.element.close();
    });
    const header = element("header", { class: "profile-header" });
    const title = element("div");
    title.append(element("h2", { id: "profile-name", part: "dialog-name" }, supporter.full_name));
    if (supporter.available) {
      title.append(element("p", { part: "availability", class: "availability" }, text.available));
    }
    header.append(avatar(supporter, "medium"), title);
    const content = element("div", { class: "profile" });
    content.append(
      header,
      ...(supporter.greeting
        ? [element("blockquote", { part: "greeting", class: "greeting" }, supporter.greeting)]
        : []),
      ...section("bio", text.about, supporter.bio),
      ...section("motivation", text.motivation, supporter.motivation),
      ...section("recovery-status", text.recovery, supporter.recovery_status),
      ...section("topics", text.topics, supporter.topics),
      ...section("interests", text.interests, supporter.interests),
      ...this.#contactLink(supporter, text),
    );
    this.element.replaceChildren(close, content);
    this.element.showModal();
  }

  close() {
    if (this.element.open) this.element.close();
  }

  #contactLink(supporter: Supporter, text: WidgetText): HTMLAnchorElement[] {
    const href = this.#host.contactUrl(supporter);
    if (!href) return [];
    const link = element(
      "a",
      { part: "contact", class: "contact", href },
      text.contact(supporter.full_name),
    );
    link.addEventListener("click", (event) => {
      if (!this.#host.contact(supporter)) event.preventDefault();
    });
    return [link];
  }
}
