import { html, type Html } from "./html.ts";
import { documentOf } from "./layout.ts";
import { hostedText, type HostedLanguage, type HostedText } from "./text.ts";

/** The statuses a hosted page has words for; any other 5xx reads as 500, any other 4xx as 400. */
type ErrorStatus = keyof HostedText["errors"];

function wordedStatus(status: number): ErrorStatus {
  if (status in hostedText("en").errors) return status as ErrorStatus;
  return status >= 500 ? 500 : 400;
}

export type ErrorPage = {
  lang: HostedLanguage;
  status: number;
  /** Whole seconds from the answer's Retry-After, when it has one. */
  retryAfter?: number;
  /** The request id of a 5xx, which the logs carry: what a visitor can quote to the organization. */
  reference?: string;
  /** Where the visitor can start over (the list with the page's key and language), if anywhere. */
  startOver?: string;
};

/** A hosted page's error in the page's language: what happened, when to try again, the way back. */
export function errorPage({ lang, status, retryAfter, reference, startOver }: ErrorPage): Html {
  const text = hostedText(lang);
  const { title, message } = text.errors[wordedStatus(status)];
  return documentOf(
    { lang, title, description: message },
    html`<h1>${title}</h1>
      <p>${message}${retryAfter === undefined ? "" : ` ${text.retryIn(retryAfter)}`}</p>
      ${reference === undefined ? "" : html`<p class="reference">${text.reference}: ${reference}</p>`}
      ${startOver === undefined ? "" : html`<p><a href="${startOver}">${text.back}</a></p>`}`,
  );
}
