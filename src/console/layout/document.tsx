/** @jsxImportSource hono/jsx */
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import type { ConsoleLanguage, ConsoleText } from "../text.ts";

/** The console's stylesheet, a static asset (public/console/): CSP style-src 'self'. */
export const CONSOLE_STYLESHEET = "/console/console.css";

/**
 * The console's Content-Security-Policy: no script at all (every flow works
 * without one), styles from this origin, forms to this origin only, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The header's sections, in the order of a coordinator's week; each is its path under the organization. */
const SECTIONS = ["mentors", "roster", "public-page", "team", "keys", "notifications"] as const;
type Section = (typeof SECTIONS)[number];

const sectionName = (text: ConsoleText, section: Section) =>
  ({
    mentors: text.nav.mentors,
    roster: text.roster.nav,
    "public-page": text.publicPage.nav,
    team: text.nav.team,
    keys: text.keys.nav,
    notifications: text.notifications.nav,
  })[section];

/** Who is signed in, and where: what the header shows. */
export type Chrome = {
  organization?: { publicId: string; name: string };
  section?: Section;
  signedIn: boolean;
};

type DocumentProps = PropsWithChildren<{
  lang: ConsoleLanguage;
  text: ConsoleText;
  title: string;
  chrome: Chrome;
  /** This page's path, where switching the language returns to. */
  path: string;
}>;

export const Document: FC<DocumentProps> = ({ lang, text, title, chrome, path, children }) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${title} · ${text.product}`}</title>
      <link rel="stylesheet" href={CONSOLE_STYLESHEET} />
    </head>
    <body>
      <a class="skip" href="#main">
        {text.skip}
      </a>
      <Header text={text} chrome={chrome} lang={lang} path={path} />
      <main id="main" tabindex={-1}>
        {children}
      </main>
    </body>
  </html>
);

const Header: FC<{ text: ConsoleText; chrome: Chrome; lang: ConsoleLanguage; path: string }> = ({
  text,
  chrome,
  lang,
  path,
}) => {
  const organization = chrome.organization;
  const base = organization ? `/console/${organization.publicId}` : "/console";
  return (
    <header class="top">
      <a class="brand" href={base}>
        {organization?.name ?? "peer-roster"}
        <small>{text.product}</small>
      </a>
      {organization && (
        <nav class="sections" aria-label={text.product}>
          <ul>
            {SECTIONS.map((section) => (
              <li>
                <a
                  href={`${base}/${section}`}
                  aria-current={chrome.section === section ? "page" : undefined}
                >
                  {sectionName(text, section)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <form class="inline" method="post" action="/console/language">
        <input type="hidden" name="return_to" value={path} />
        <label for="language" class="hide-narrow">
          {text.language.label}
        </label>
        <select id="language" name="lang" aria-label={text.language.label}>
          <option value="nb" selected={lang === "nb"}>
            {text.language.nb}
          </option>
          <option value="en" selected={lang === "en"}>
            {text.language.en}
          </option>
        </select>
        <button type="submit" class="secondary">
          {text.language.submit}
        </button>
      </form>
      {chrome.signedIn && (
        <form class="inline" method="post" action="/console/sign-out">
          <button type="submit" class="secondary">
            {text.signOut}
          </button>
        </form>
      )}
    </header>
  );
};

/** Field name to message, in the order the form shows them. */
export type FieldErrors = ReadonlyMap<string, string>;

/** The error summary at the top of a form's page: each error links to its field. */
export const ErrorSummary: FC<{
  text: ConsoleText;
  errors: FieldErrors;
  labels: Record<string, string>;
}> = ({ text, errors, labels }) =>
  errors.size === 0 ? null : (
    <div
      class="summary"
      role="alert"
      aria-labelledby="summary-title"
      tabindex={-1}
      id="error-summary"
    >
      <h2 id="summary-title">{text.errors.summary}</h2>
      <ul>
        {[...errors].map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{`${labels[field] ?? field}: ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );

type FieldProps = {
  name: string;
  label: string;
  value?: string | null | undefined;
  error?: string | undefined;
  type?: "text" | "email" | "tel" | "date" | "search" | "number";
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  /** A second form on the page with this field: ids stay unique. */
  idPrefix?: string;
};

/** The ids a field's hint and error get, and what describes the control. */
function fieldIds(props: FieldProps) {
  const id = (props.idPrefix ?? "") + props.name;
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`]
    .filter(Boolean)
    .join(" ");
  return { id, described: described || undefined };
}

/** A field's label, hint and error around its control. */
const FieldFrame: FC<PropsWithChildren<{ field: FieldProps }>> = ({ field, children }) => {
  const { id } = fieldIds(field);
  return (
    <div class="field">
      <label for={id}>{field.label}</label>
      {field.hint && (
        <p class="hint" id={`${id}-hint`}>
          {field.hint}
        </p>
      )}
      {field.error && (
        <p class="field-error" id={`${id}-error`}>
          {field.error}
        </p>
      )}
      {children}
    </div>
  );
};

/** A labelled input with its hint and error, described for assistive technology. */
export const Field: FC<FieldProps> = (props) => {
  const { id, described } = fieldIds(props);
  return (
    <FieldFrame field={props}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described}
      />
    </FieldFrame>
  );
};

/** A notice above the page's content (after a redirect, or a stale form). */
export const Notice: FC<{ message: Child; warn?: boolean }> = ({ message, warn }) => (
  <div class={warn ? "notice warn" : "notice"} role="status">
    {message}
  </div>
);

/** A labelled text area (one entry per line, say) with its hint and error. */
export const TextAreaField: FC<FieldProps> = (props) => {
  const { id, described } = fieldIds(props);
  return (
    <FieldFrame field={props}>
      <textarea
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described}
      >
        {props.value ?? ""}
      </textarea>
    </FieldFrame>
  );
};

/**
 * The card that removes a record for good: a checkbox to confirm (the
 * server refuses the form without it) and a red button. Mentors and roster
 * members both end here.
 */
export const RemovalCard: FC<{
  title: string;
  action: string;
  revision: string;
  confirmLabel: string;
  submitLabel: string;
  error: string | undefined;
}> = (props) => (
  <section class="card" aria-labelledby="remove">
    <h2 id="remove">{props.title}</h2>
    <form method="post" action={props.action}>
      <input type="hidden" name="revision" value={props.revision} />
      {props.error && (
        <p class="field-error" id="confirm-error">
          {props.error}
        </p>
      )}
      <div class="field">
        <label class="check" for="confirm">
          <input
            type="checkbox"
            id="confirm"
            name="confirm"
            value="yes"
            required
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? "confirm-error" : undefined}
          />
          {props.confirmLabel}
        </label>
      </div>
      <button type="submit" class="danger">
        {props.submitLabel}
      </button>
    </form>
  </section>
);
