/**
 * What a custom check refused, as data beside its English message: set as the
 * issue's `params` where a check that one field name alone does not describe
 * (a text any field may hold, an origin on one line of several) refuses a
 * value. The API answers the message as it always has; the console words the
 * rule in its own language (src/console/validation-text.ts).
 */
export type IssueRule =
  | { rule: "required" }
  | { rule: "unsafe_text" }
  | { rule: "invisible_character"; character: string }
  | { rule: "compatibility_form"; found: string; plain: string }
  | { rule: "max_characters_before_at"; maximum: number }
  | { rule: "max_characters"; maximum: number }
  | { rule: "max_items"; maximum: number }
  | { rule: "origin"; line: string }
  | { rule: "origins_for_publishable" };

/** A custom issue's rule, when it names one. */
export const issueRule = (params: unknown): IssueRule | undefined =>
  typeof params === "object" && params !== null && "rule" in params
    ? (params as IssueRule)
    : undefined;
