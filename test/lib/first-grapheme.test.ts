import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstGrapheme } from "../../src/lib/first-grapheme.ts";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const bySegmenter = (text: string) =>
  segmenter.segment(text)[Symbol.iterator]().next().value?.segment ?? "";

// What names hold, and what joins or splits graphemes: combining marks, CR LF, a Prepend
// character, Hangul jamo, ZWJ, variation selectors, regional indicators, emoji.
const PARTS = [
  ...Array.from("aeøæåÅØÆéöüßñłçğşœ "),
  ...Array.from("Zz09-'.\r\n\t"),
  "\u0301",
  "\u0308",
  "\u0600",
  "\u1100",
  "\u1161",
  "\u200d",
  "\ufe0f",
  "\u{1F1F3}",
  "\u{1F1F4}",
  "\u{1F469}",
  "\u{1F3FD}",
];

describe("the first grapheme of a text", () => {
  it("is the segmenter's, for names and for what joins characters", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 6 }), (parts) => {
        const text = parts.join("");
        expect(firstGrapheme(text)).toBe(bySegmenter(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("is the segmenter's for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 4 }), (text) => {
        expect(firstGrapheme(text)).toBe(bySegmenter(text));
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 4 }), (text) => {
        expect(firstGrapheme(text)).toBe(bySegmenter(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("takes Øyvind's Ø, Åse's Å and an empty text's nothing", () => {
    expect(firstGrapheme("Øyvind")).toBe("Ø");
    expect(firstGrapheme("Åse")).toBe("Å");
    expect(firstGrapheme("e\u0301va")).toBe("e\u0301");
    expect(firstGrapheme("")).toBe("");
  });
});
