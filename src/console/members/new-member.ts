import * as z from "zod";
import { CONSOLE_ROLES } from "../../db/schema.ts";
import { safeText } from "../../text/safe-text.ts";
import { normalizeConsoleEmail } from "./email.ts";

export const MAX_DISPLAY_NAME_LENGTH = 200;

/**
 * A new member as the team form and the CLI give it: `email`, `role` and
 * `name` (the address's local part when blank).
 */
export const newMemberInput = z
  .object({
    email: z.string().transform((value, ctx) => {
      const email = normalizeConsoleEmail(value);
      if (email === null) {
        ctx.addIssue({
          code: "custom",
          message: "must be one email address, like kari@example.org",
        });
        return z.NEVER;
      }
      return email;
    }),
    role: z.enum(CONSOLE_ROLES, { error: `must be ${CONSOLE_ROLES.join(" or ")}` }),
    name: safeText().trim().max(MAX_DISPLAY_NAME_LENGTH).optional(),
  })
  .transform(({ email, role, name }) => ({
    email,
    role,
    displayName: name || email.slice(0, email.lastIndexOf("@")),
  }));
