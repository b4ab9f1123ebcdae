/*
 * HTML built as strings, where every interpolated value is text unless it is
 * already Html: names, bios and topics are untrusted, so escaping is the
 * default and markup is the exception a reader can see.
 */

/** Markup that is already safe: built by `html` from escaped parts. */
export class Html {
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
  toString() {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.markup;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** A template whose interpolations are escaped (arrays joined, null and false left out). */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let markup = strings[0] ?? "";
  parts.forEach((part, i) => {
    markup += render(part) + (strings[i + 1] ?? "");
  });
  return new Html(markup);
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&`
 * as JSON escapes, so no text in it can close the element or open a comment,
 * and U+2028/U+2029 escaped too. The block is data: browsers never run it.
 */
export function jsonForScript(value: unknown): Html {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return new Html(json);
}
