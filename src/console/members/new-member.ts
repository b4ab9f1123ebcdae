import * as z from "zod";
import { CONSOLE_ROLES } from "../../db/schema.ts";
import { safeText } from "../../lib/safe-text.ts";
import { emailAddress } from "../../lib/email-address.ts";

export const MAX_DISPLAY_NAME_LENGTH = 200;

/**
 * A new member as the team form and the CLI give it: `email`, `role` and
 * `name` (the address's local part when blank).
 */
export const newMemberInput = z
  .object({
    // The API's own rule and messages for an address (as a mentor's email).
    email: z.string().trim().pipe(emailAddress),
    role: z.enum(CONSOLE_ROLES, { error: `must be ${CONSOLE_ROLES.join(" or ")}` }),
    name: safeText().trim().max(MAX_DISPLAY_NAME_LENGTH).optional(),
  })
  .transform(({ email, role, name }) => ({
    email,
    role,
    displayName: name || email.slice(0, email.lastIndexOf("@")),
  }));
