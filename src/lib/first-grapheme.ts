const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// Below this code point there is no Prepend character, the one kind that joins what follows.
const BEFORE_PREPEND = 0x0300;
const CARRIAGE_RETURN = 0x0d;
const ASCII_END = 0x80;

/**
 * The first grapheme (what a reader takes for one character) of `text`, ""
 * for "". A segmenter per call was a measurable share of a roster page of
 * 100 (BENCHMARKS.md), and most names start the easy way: a Latin letter
 * followed by an ASCII one, where UAX #29 always breaks (nothing ASCII
 * extends the character before it, and only CR joins the LF after it), so
 * the first code unit is the grapheme. Anything else asks the segmenter.
 */
export function firstGrapheme(text: string): string {
  const first = text.charCodeAt(0);
  const second = text.charCodeAt(1);
  const easy =
    first < BEFORE_PREPEND &&
    first !== CARRIAGE_RETURN &&
    (text.length === 1 || second < ASCII_END);
  if (easy) return text.charAt(0);
  return graphemes.segment(text)[Symbol.iterator]().next().value?.segment ?? "";
}
