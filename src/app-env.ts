import type { RequestIdVariables } from "hono/request-id";
import type { AuthVariables } from "./auth/middleware.ts";
import type { ConsoleVariables } from "./console/variables.ts";
import type { DatabaseVariables } from "./db/session.ts";
import type { IdempotencyVariables } from "./http/idempotency.ts";

/**
 * The one Hono env of the app and every sub-app. The variables are what
 * the middleware sets (request id, key, database session, idempotent
 * create, the console's session); a route reads only those its own chain runs.
 */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables &
    AuthVariables &
    DatabaseVariables &
    IdempotencyVariables &
    ConsoleVariables;
};
