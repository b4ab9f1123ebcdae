import fc from "fast-check";

/**
 * Texts built of markup, entities and script pieces, which every page must
 * show as text: for the hosted pages' fuzzing, in workerd and in Node.
 */
export const hostileText = fc
  .array(
    fc.constantFrom(
      "<",
      ">",
      "&",
      '"',
      "'",
      "</script>",
      "<!--",
      "<b onclick=x>",
      "]]>",
      "&amp;",
      "\u2028",
      "ø",
      " ",
      "a",
      "`${x}`",
      "\\",
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((parts) => parts.join(""));

/** A hostile text as names and labels are stored: trimmed, never empty. */
export const hostileName = hostileText.filter((text) => text.trim() !== "");
