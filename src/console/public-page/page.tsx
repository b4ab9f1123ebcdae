/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { FC } from "hono/jsx";
import type { AppEnv } from "../../app-env.ts";
import type { TokenRecord } from "../../auth/tokens.ts";
import { listPath } from "../../hosted-pages/links.ts";
import { embedSnippet } from "../keys/snippet.tsx";
import type { serializePublicRosterSettings } from "../../peer-supporters/public/settings.ts";
import { ErrorSummary, Field, Notice, type FieldErrors } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { ConsoleText } from "../text.ts";
import type { StatusChangeActor } from "../../db/schema.ts";
import { LastChange } from "../layout/last-change.tsx";

type Settings = ReturnType<typeof serializePublicRosterSettings>;
/** What a key's placeholder is in docs/embed.md's snippet, for a key whose text is not kept. */
const KEY_PLACEHOLDER = "prt_pk_…";

export type PublicPageProps = {
  settings: Settings;
  /** The settings' revision, which the form carries (0 before any save). */
  revision: number;
  /** Who saved the settings last (null before any save). */
  savedBy: StatusChangeActor | null;
  /** The organization's publishable keys, oldest first. */
  keys: readonly TokenRecord[];
  chosenKeyId: string | undefined;
  maxAgeSeconds: number;
  errors?: FieldErrors;
  typed?: Record<string, string>;
  notice?: string | undefined;
  warning?: string | undefined;
  status?: 200 | 400 | 409;
};

const Check: FC<{
  name: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled: boolean;
}> = (props) => (
  <div class="field">
    <label class="check" for={props.name}>
      <input
        type="checkbox"
        id={props.name}
        name={props.name}
        value="on"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={`${props.name}-hint`}
      />
      {props.label}
    </label>
    <p class="hint" id={`${props.name}-hint`}>
      {props.hint}
    </p>
  </div>
);

export function publicPage(c: Context<AppEnv>, props: PublicPageProps) {
  const text: ConsoleText = c.var.text;
  const words = text.publicPage;
  const { settings, typed } = props;
  const errors = props.errors ?? new Map<string, string>();
  const admin = c.var.membership.role === "admin";
  const base = `/console/${c.var.membership.organizationPublicId}/public-page`;
  const origin = new URL(c.req.url).origin;
  const organizationId = c.var.membership.organizationId;
  const chosen = props.keys.find((key) => key.token_id === props.chosenKeyId) ?? props.keys[0];
  const keyText = chosen?.publishable_key ?? KEY_PLACEHOLDER;
  const checked = (name: "show_motivation" | "show_recovery_status") =>
    typed ? typed[name] === "on" : settings[name];
  return renderPage(c, {
    title: words.title,
    chrome: organizationChrome(c, "public-page"),
    status: props.status ?? (errors.size > 0 ? 400 : 200),
    body: (
      <>
        <h1>{words.title}</h1>
        {props.notice && <Notice message={props.notice} />}
        {props.warning && <Notice warn message={props.warning} />}
        <ErrorSummary text={text} errors={errors} labels={{ contact_url: words.contact_url }} />
        <section class="card" aria-labelledby="settings">
          <h2 id="settings">{words.settings}</h2>
          <p>{words.intro(props.maxAgeSeconds)}</p>
          <LastChange text={text} by={props.savedBy} />
          {!admin && <p class="muted">{words.onlyAdmins}</p>}
          <form method="post" action={`${base}/settings`} novalidate>
            <input type="hidden" name="revision" value={String(props.revision)} />
            <Check
              name="show_motivation"
              label={words.show_motivation}
              hint={words.show_motivation_hint}
              checked={checked("show_motivation")}
              disabled={!admin}
            />
            <Check
              name="show_recovery_status"
              label={words.show_recovery_status}
              hint={words.show_recovery_status_hint}
              checked={checked("show_recovery_status")}
              disabled={!admin}
            />
            <Field
              name="contact_url"
              type="text"
              label={words.contact_url}
              hint={words.contact_url_hint}
              value={typed ? typed.contact_url : settings.contact_url}
              error={errors.get("contact_url")}
            />
            {admin && <button type="submit">{words.save}</button>}
          </form>
        </section>
        <section class="card" aria-labelledby="embed">
          <h2 id="embed">{words.embed}</h2>
          {props.keys.length === 0 ? (
            <p>{words.noKeys}</p>
          ) : (
            <>
              <p>{words.embedIntro}</p>
              {props.keys.length > 1 && (
                <form class="filters" method="get" action={base}>
                  <div class="field">
                    <label for="key">{words.key}</label>
                    <select id="key" name="key">
                      {props.keys.map((key) => (
                        <option value={key.token_id} selected={key === chosen}>
                          {`${key.label ?? key.token_id} (${key.origins?.length ? key.origins.join(", ") : words.anyOrigin})`}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" class="secondary">
                    {words.choose}
                  </button>
                </form>
              )}
              {chosen && !chosen.publishable_key && <Notice warn message={words.keyUnknown} />}
              <label for="snippet">{words.embed}</label>
              <textarea id="snippet" class="snippet" readonly rows={7}>
                {embedSnippet(origin, organizationId, keyText, words.hosted)}
              </textarea>
              <h3>{words.hosted}</h3>
              <p>{words.hostedIntro}</p>
              <p class="hosted-link">
                <a href={`${origin}${listPath(organizationId)}?key=${encodeURIComponent(keyText)}`}>
                  {`${origin}${listPath(organizationId)}?key=${keyText}`}
                </a>
              </p>
            </>
          )}
        </section>
      </>
    ),
  });
}
