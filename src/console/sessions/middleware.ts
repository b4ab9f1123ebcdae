import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../app-env.ts";
import { chosenLanguage, DEFAULT_CONSOLE_LANGUAGE, setLanguage } from "../language.ts";
import { errorPage } from "../layout/render.tsx";
import { membershipIn } from "../members/queries.ts";
import { resumeSession, SESSION_LIFETIME_HOURS } from "./sessions.ts";

/**
 * The session cookie: `__Host-` (Secure, Path=/, no Domain), HttpOnly,
 * SameSite=Lax. Chromium and Firefox keep Secure cookies on
 * http://localhost, so `npm run dev` signs in as production does.
 */
const SESSION_COOKIE = "console_session";
const COOKIE_OPTIONS = { prefix: "host", httpOnly: true, sameSite: "Lax", path: "/" } as const;

export const sessionIdOf = (c: Context) => getCookie(c, SESSION_COOKIE, "host");

export function setSessionCookie(c: Context, sessionId: string) {
  setCookie(c, SESSION_COOKIE, sessionId, {
    ...COOKIE_OPTIONS,
    secure: true,
    maxAge: SESSION_LIFETIME_HOURS * 3600,
  });
}

export const clearSessionCookie = (c: Context) =>
  deleteCookie(c, SESSION_COOKIE, { ...COOKIE_OPTIONS, secure: true });

/** A signed-in browser, or a redirect to the sign-in page (nothing else runs). */
export const requireSignedIn = createMiddleware<AppEnv>(async (c, next) => {
  const sessionId = sessionIdOf(c);
  const email = sessionId === undefined ? undefined : await resumeSession(c.var.db, sessionId);
  if (email === undefined) {
    if (sessionId !== undefined) clearSessionCookie(c);
    return c.redirect("/console/sign-in", 303);
  }
  c.set("email", email);
  await next();
});

/**
 * The signed-in address's membership of the organization in the URL; any
 * other organization (or none by that id) is the same 404 page.
 */
export const requireMembership = createMiddleware<AppEnv>(async (c, next) => {
  const membership = await membershipIn(
    c.var.db,
    c.var.email,
    c.req.param("organization_id") ?? "",
  );
  if (!membership) return errorPage(c, 404, true);
  c.set("membership", membership);
  setLanguage(c, chosenLanguage(c) ?? membership.organizationLanguage ?? DEFAULT_CONSOLE_LANGUAGE);
  await next();
});

/** Admins only: a coordinator gets a 403 page and nothing runs. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.membership.role !== "admin") return errorPage(c, 403, true);
  await next();
});
