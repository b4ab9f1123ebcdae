/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ErrorSummary, Field, Notice, type FieldErrors } from "../layout/document.tsx";
import { renderPage } from "../layout/render.tsx";
import { SIGN_IN_LINK_MINUTES } from "./links.ts";

const signedOut = { signedIn: false };

/** The sign-in form; with `sent`, the one answer every address gets. */
export function signInPage(
  c: Context<AppEnv>,
  {
    email = "",
    errors = new Map(),
    sent = false,
    tooMany = false,
    status = 200,
  }: {
    email?: string;
    errors?: FieldErrors;
    sent?: boolean;
    tooMany?: boolean;
    status?: 200 | 400 | 429;
  } = {},
) {
  const words = c.var.text.signIn;
  return renderPage(c, {
    title: sent ? words.sentTitle : words.title,
    chrome: signedOut,
    status,
    body: (
      <section class="card narrow">
        <h1>{sent ? words.sentTitle : words.title}</h1>
        {sent && <Notice message={words.sent(SIGN_IN_LINK_MINUTES)} />}
        {tooMany && <Notice warn message={words.tooMany} />}
        <ErrorSummary text={c.var.text} errors={errors} labels={{ email: words.email }} />
        <p>{words.intro}</p>
        <form method="post" action="/console/sign-in" novalidate>
          <Field
            name="email"
            type="email"
            label={words.email}
            value={email}
            error={errors.get("email")}
            autocomplete="email"
            required
          />
          <button type="submit">{words.submit}</button>
        </form>
      </section>
    ),
  });
}

/** The page an emailed link opens: a button that signs in by POST, or why it cannot. */
export function signInLinkPage(c: Context<AppEnv>, token: string | null) {
  const words = c.var.text.signIn;
  return renderPage(c, {
    title: words.linkTitle,
    chrome: signedOut,
    status: token === null ? 410 : 200,
    body: (
      <section class="card narrow">
        <h1>{words.linkTitle}</h1>
        {token === null ? (
          <>
            <Notice warn message={words.linkDead} />
            <p>
              <a class="button" href="/console/sign-in">
                {words.newLink}
              </a>
            </p>
          </>
        ) : (
          <form method="post" action="/console/sign-in/link">
            <p>{words.linkIntro}</p>
            <input type="hidden" name="token" value={token} />
            <button type="submit">{words.linkSubmit}</button>
          </form>
        )}
      </section>
    ),
  });
}
