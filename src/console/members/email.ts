import { emailAddressProblem, normalizeEmailAddress } from "../../lib/email-address.ts";

/**
 * " Kari@Eksempel.NO" as "kari@eksempel.no": an address where one enters the
 * console (the sign-in form, the CLI), trimmed and judged by the project's one
 * email-address rule (src/lib/email-address.ts), in the form mentors' are
 * stored; null for anything that is not one plain address.
 */
export function normalizeConsoleEmail(input: string): string | null {
  const trimmed = input.trim();
  return emailAddressProblem(trimmed) === undefined ? normalizeEmailAddress(trimmed) : null;
}
