/*
 * The one form of a console member's address, used wherever one enters
 * (the sign-in form, the team form, the CLI). The privacy work brings one
 * email-address rule for the whole project; this function is the one place
 * the console calls it from.
 */

/** Angle brackets, controls, format and separator characters: nothing an address should hold. */
const REFUSED = /[<>\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]/u;
const SHAPE = /^[^@]{1,64}@[^@.]+(\.[^@.]+)+$/u;
export const MAX_EMAIL_LENGTH = 254;

/**
 * " Kari@Eksempel.NO" as "kari@eksempel.no": trimmed, NFC and lowercased
 * whole, as the API stores mentors' addresses (src/peer-mentors/schemas.ts),
 * so one person typing their address either way is one member; null for
 * anything that is not one plain address.
 */
export function normalizeConsoleEmail(input: string): string | null {
  const trimmed = input.trim().normalize("NFC");
  if (trimmed.length > MAX_EMAIL_LENGTH || REFUSED.test(trimmed) || !SHAPE.test(trimmed)) {
    return null;
  }
  return trimmed.toLowerCase();
}
