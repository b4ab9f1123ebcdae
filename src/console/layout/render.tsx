/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../app-env.ts";
import { Document, type Chrome } from "./document.tsx";

/** A whole console page: the layout around `body`, in the request's language. */
export function renderPage(
  c: Context<AppEnv>,
  {
    title,
    chrome,
    body,
    status = 200,
  }: { title: string; chrome: Chrome; body: Child; status?: ContentfulStatusCode },
) {
  const page = (
    <Document
      lang={c.var.language}
      text={c.var.text}
      title={title}
      chrome={chrome}
      path={c.req.path}
    >
      {body}
    </Document>
  );
  return c.html(html`<!DOCTYPE html>${page}`, status);
}

/** The header of a page inside an organization. */
export const organizationChrome = (c: Context<AppEnv>, section?: Chrome["section"]): Chrome => ({
  organization: {
    publicId: c.var.membership.organizationPublicId,
    name: c.var.membership.organizationName,
  },
  section,
  signedIn: true,
});

type ErrorStatus = 400 | 403 | 404 | 413 | 500 | 503;

/** An error as a page: 404 says nothing of whether the thing exists elsewhere. */
export function errorPage(c: Context<AppEnv>, status: ErrorStatus, signedIn = false) {
  const words = c.var.text.errors;
  const pages: Record<ErrorStatus, readonly [string, string]> = {
    400: [words.badRequest, words.badRequestText],
    403: [words.forbidden, words.forbiddenText],
    404: [words.notFound, words.notFoundText],
    413: [words.tooLarge, words.tooLargeText],
    500: [words.failed, words.failedText],
    503: [words.unavailable, words.unavailableText],
  };
  const [title, message] = pages[status];
  return renderPage(c, {
    title,
    status,
    chrome: { signedIn },
    body: (
      <section class="card narrow">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/console">{words.back}</a>
        </p>
      </section>
    ),
  });
}
