import type { RequestIdVariables } from "hono/request-id";
import type { DatabaseVariables } from "../db/session.ts";
import type { Membership } from "./members/queries.ts";
import type { ConsoleLanguage, ConsoleText } from "./text.ts";

/** The console's sub-app environment; `email` and `membership` once a route requires them. */
export type ConsoleEnv = {
  Bindings: Env;
  Variables: RequestIdVariables &
    DatabaseVariables & {
      language: ConsoleLanguage;
      text: ConsoleText;
      /** The signed-in address (sessions/middleware.ts). */
      email: string;
      /** The signed-in member of the organization in the URL. */
      membership: Membership;
    };
};
