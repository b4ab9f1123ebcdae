import type { Membership } from "./members/queries.ts";
import type { ConsoleLanguage, ConsoleText } from "./text.ts";

/** What the console's middleware sets (part of AppEnv); `email` and `membership` once a route requires them. */
export type ConsoleVariables = {
  language: ConsoleLanguage;
  text: ConsoleText;
  /** The signed-in address (sessions/middleware.ts). */
  email: string;
  /** The signed-in member of the organization in the URL. */
  membership: Membership;
};
