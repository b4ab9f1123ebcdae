import { Hono } from "hono";
import type { Database } from "../../db/client.ts";
import type { AppEnv } from "../../app-env.ts";
import { formFields } from "../forms.ts";
import { chosenLanguage } from "../language.ts";
import type { ConsoleLanguage } from "../text.ts";
import { normalizeConsoleEmail } from "../members/email.ts";
import { membershipsOf } from "../members/queries.ts";
import { clearSessionCookie, sessionIdOf, setSessionCookie } from "../sessions/middleware.ts";
import { endSession, startSession } from "../sessions/sessions.ts";
import { sendSignInEmail } from "./email.ts";
import { consumeSignInLink, createSignInLink, signInLinkState } from "./links.ts";
import { signInLinkPage, signInPage } from "./pages.tsx";

/** The path an emailed link opens; the token is a path segment, which the request log never writes. */
export const SIGN_IN_LINK_PATH = "/console/sign-in/link/";

/**
 * Emails a sign-in link to `email` if it is a member's; an unknown address
 * gets nothing. The email's language is the console's rule: the language
 * chosen on this browser, else the (first) organization's.
 */
async function emailSignInLink(
  db: Database,
  queue: Queue,
  { email, origin, chosen }: { email: string; origin: string; chosen?: ConsoleLanguage },
) {
  const [first] = await membershipsOf(db, email);
  if (!first) return;
  const token = await createSignInLink(db, email);
  const link = new URL(SIGN_IN_LINK_PATH + token, origin).href;
  await sendSignInEmail(db, queue, first, link, chosen);
}

/** Mounted at /console: sign-in by emailed link, and sign-out. */
export const signInRoutes = new Hono<AppEnv>()
  .get("/sign-in", (c) => signInPage(c))
  .post("/sign-in", async (c) => {
    const typed = (await formFields(c)).email ?? "";
    const email = normalizeConsoleEmail(typed);
    if (email === null) {
      return signInPage(c, {
        email: typed,
        errors: new Map([["email", c.var.text.signIn.badEmail]]),
        status: 400,
      });
    }
    const clientIp = c.req.header("CF-Connecting-IP") ?? "unknown";
    const [byIp, byAddress] = await Promise.all([
      c.env.CONSOLE_SIGN_IN_IP_LIMITER.limit({ key: clientIp }),
      c.env.CONSOLE_SIGN_IN_ADDRESS_LIMITER.limit({ key: email }),
    ]);
    if (!byIp.success || !byAddress.success) {
      c.header("Retry-After", "60");
      return signInPage(c, { email: typed, tooMany: true, status: 429 });
    }
    // This request's origin: one the platform routed to this Worker (docs/console.md).
    const origin = new URL(c.req.url).origin;
    // After the answer, so a known address takes no longer to answer than an unknown one.
    c.executionCtx.waitUntil(
      emailSignInLink(c.var.db, c.env.OUTBOX_QUEUE, { email, origin, chosen: chosenLanguage(c) }),
    );
    return signInPage(c, { email: typed, sent: true });
  })
  .get("/sign-in/link/:token", async (c) => {
    const token = c.req.param("token");
    const state = await signInLinkState(c.var.db, token);
    return signInLinkPage(c, state === "usable" ? token : null);
  })
  .post("/sign-in/link", async (c) => {
    const email = await consumeSignInLink(c.var.db, (await formFields(c)).token ?? "");
    if (email === undefined) return signInLinkPage(c, null);
    setSessionCookie(c, await startSession(c.var.db, email));
    return c.redirect("/console", 303);
  })
  .post("/sign-out", async (c) => {
    const sessionId = sessionIdOf(c);
    if (sessionId !== undefined) await endSession(c.var.db, sessionId);
    clearSessionCookie(c);
    return c.redirect("/console/sign-in", 303);
  });
