import * as z from "zod";
import type { IssueRule } from "./issue-rule.ts";

/*
 * What no stored text may hold: C0 and C1 controls (DEL too), and the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make
 * text display in another order than it reads ("Trojan Source"). Multi-line
 * text may keep tab, line feed and carriage return. The marks LRM, RLM and
 * ALM stay allowed: right-to-left names need them and they reorder nothing.
 */
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/v;
const MULTILINE_FORBIDDEN = /[[\p{Cc}--[\t\n\r]]\u202a-\u202e\u2066-\u2069]/v;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/v;

/** "U+202E": how a message names a character that may not show. */
export const codePointName = (char: string) =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

type TextOptions = { multiline?: boolean };

/** The rule an unsafe text breaks, for the console's words (src/lib/issue-rule.ts). */
export const UNSAFE_TEXT = { rule: "unsafe_text" } as const satisfies IssueRule;

/**
 * Why `text` may not be stored, or undefined: a control character, a bidi
 * override or a lone surrogate (which D1 would store as U+FFFD, so the read
 * would differ from the write).
 */
export function unsafeTextProblem(text: string, { multiline = false }: TextOptions = {}) {
  if (!text.isWellFormed()) return "must not contain a lone surrogate (invalid UTF-16)";
  const found = (multiline ? MULTILINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(text)?.[0];
  if (found === undefined) return undefined;
  const kind = BIDI_CONTROLS.test(found) ? "a bidi control character" : "a control character";
  return `must not contain ${codePointName(found)} (${kind})`;
}

/**
 * The string schema of every text field we store, from API bodies and import
 * files alike: unsafeTextProblem() is an issue on the field. Chain `.trim()`,
 * `.min()`, `.max()` as on z.string().
 */
export function safeText(options: TextOptions = {}) {
  return z.string().superRefine((text, ctx) => {
    const message = unsafeTextProblem(text, options);
    if (message) ctx.addIssue({ code: "custom", message, params: UNSAFE_TEXT });
  });
}
