import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { createMiddleware } from "hono/factory";
import { createDatabase } from "../db/client.ts";
import { MAX_BODY_BYTES, MAX_BODY_KIB } from "../http/body-limit.ts";
import { ApiError, handleError } from "../http/errors.ts";
import { unavailableDependency } from "../db/unavailable.ts";
import type { AppEnv } from "../app-env.ts";
import { formFields, isFormPost } from "./forms.ts";
import { rememberLanguage, setLanguage, signedOutLanguage } from "./language.ts";
import { CONSOLE_CSP } from "./layout/document.tsx";
import { errorPage } from "./layout/render.tsx";
import { membershipsOf } from "./members/queries.ts";
import { mentorRoutes, mentorsCsvDownload } from "./mentors/routes.ts";
import { organizationsPage } from "./organizations-page.tsx";
import { requireMembership, requireSignedIn } from "./sessions/middleware.ts";
import { signInRoutes } from "./sign-in/routes.ts";
import { isConsoleLanguage } from "./text.ts";
import { keyRoutes } from "./keys/routes.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { teamRoutes } from "./team/routes.ts";
import { rosterRoutes } from "./roster/routes.ts";
import { publicPageRoutes } from "./public-page/routes.ts";

/*
 * The coordinator console (docs/console.md), mounted at /console: HTML pages
 * with no script, forms that post and redirect (303). Every state change is
 * a same-origin form post (hono/csrf on Origin and Sec-Fetch-Site, besides
 * the SameSite cookie); every page inside an organization needs a session
 * and a membership of that organization.
 */

/** What every console answer carries, besides the app's secureHeaders. */
const pageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", createDatabase(c.env.DB));
  setLanguage(c, signedOutLanguage(c));
  await next();
  // On the finished response itself (as src/db/session.ts): each c.header() now would have
  // Hono build the response again around its body.
  const { headers } = c.res;
  headers.set("Content-Security-Policy", CONSOLE_CSP);
  // Personal data: never in a shared cache or the back-forward cache of a shared computer.
  headers.set("Cache-Control", "no-store");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
});

/** Writes come as form posts only, so the origin check below sees every one. */
const formPostsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD" && !isFormPost(c)) {
    throw new HTTPException(403);
  }
  await next();
});

// Inside an organization: a session, then a membership of the organization in the URL.
const organizationRoutes = new Hono<AppEnv>()
  .use(requireSignedIn, requireMembership)
  .get("/", (c) => c.redirect(`/console/${c.var.membership.organizationPublicId}/mentors`, 303))
  .get("/mentors.csv", mentorsCsvDownload)
  .route("/mentors", mentorRoutes)
  .route("/team", teamRoutes)
  .route("/roster", rosterRoutes)
  .route("/public-page", publicPageRoutes)
  .route("/keys", keyRoutes)
  .route("/notifications", notificationRoutes);

/** The API's body limit, answered as the console's page (app.ts leaves /console to it). */
const formSizeLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, `Request body must be at most ${MAX_BODY_KIB} KiB`);
  },
});

export const consoleRoutes = new Hono<AppEnv>()
  .use(pageHeaders, formPostsOnly, csrf(), formSizeLimit)
  .route("/", signInRoutes)
  .get("/", requireSignedIn, async (c) => {
    const memberships = await membershipsOf(c.var.db, c.var.email);
    const [only] = memberships;
    if (only && memberships.length === 1) {
      return c.redirect(`/console/${only.organizationPublicId}/mentors`, 303);
    }
    return organizationsPage(c, memberships);
  })
  // The member's own language, on this browser; back to the page they switched on.
  .post("/language", async (c) => {
    const { lang, return_to: returnTo = "" } = await formFields(c);
    if (isConsoleLanguage(lang)) rememberLanguage(c, lang);
    const back = /^\/console(\/[A-Za-z0-9_\-./]*)?$/.test(returnTo) ? returnTo : "/console";
    return c.redirect(back, 303);
  })
  .route("/:organization_id", organizationRoutes)
  .all("*", (c) => errorPage(c, 404));

// Errors as pages: a refused origin 403, D1 down 503 with Retry-After, a bug 500 (logged as the API's).
consoleRoutes.onError(async (error, c) => {
  // The API's own refusals (ApiError: the CSV too long for one file, say) as their page.
  if ((error instanceof HTTPException || error instanceof ApiError) && error.status < 500) {
    const status =
      error.status === 403 || error.status === 404 || error.status === 413 ? error.status : 400;
    return errorPage(c, status);
  }
  // The API's handler logs it (no request data) and says how long to wait.
  const logged = await handleError(error, c);
  if (unavailableDependency(error)) {
    c.header("Retry-After", logged.headers.get("Retry-After") ?? undefined);
    return errorPage(c, 503);
  }
  return errorPage(c, 500);
});
