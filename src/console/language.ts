import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { consoleText, isConsoleLanguage, type ConsoleLanguage } from "./text.ts";
import type { AppEnv } from "../app-env.ts";

/**
 * A member's own choice of language: a cookie on this browser, so it needs
 * no write and holds nothing personal. Without one, the organization's
 * notification `language` decides, and before an organization is known, nb.
 */
const LANGUAGE_COOKIE = "console_lang";
const LANGUAGE_COOKIE_DAYS = 365;

export const DEFAULT_CONSOLE_LANGUAGE: ConsoleLanguage = "nb";

export const chosenLanguage = (c: Context): ConsoleLanguage | undefined => {
  const chosen = getCookie(c, LANGUAGE_COOKIE);
  return isConsoleLanguage(chosen) ? chosen : undefined;
};

export function setLanguage(c: Context<AppEnv>, language: ConsoleLanguage) {
  c.set("language", language);
  c.set("text", consoleText(language));
}

export function rememberLanguage(c: Context, language: ConsoleLanguage) {
  setCookie(c, LANGUAGE_COOKIE, language, {
    path: "/console",
    secure: true,
    httpOnly: true,
    sameSite: "Lax",
    maxAge: LANGUAGE_COOKIE_DAYS * 86_400,
  });
}

/** The language before an organization is known: the member's choice, or nb. */
export const signedOutLanguage = (c: Context) => chosenLanguage(c) ?? DEFAULT_CONSOLE_LANGUAGE;
