/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { tokenKind, type TokenRecord } from "../../auth/tokens.ts";
import type { AppEnv } from "../../app-env.ts";
import {
  ErrorSummary,
  Field,
  Notice,
  TextAreaField,
  type FieldErrors,
} from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { KeyChange } from "./keys.ts";
import { KeySnippet } from "./snippet.tsx";

type KeysPageProps = {
  keys: readonly TokenRecord[];
  changes: readonly KeyChange[];
  errors?: FieldErrors;
  typed?: Record<string, string>;
  notice?: string | undefined;
  /** A secret key just made: shown on this answer only. */
  newSecret?: { token: string; record: TokenRecord };
};

/**
 * The organization's API keys: admins see all and the forms to make and
 * revoke them; coordinators see the publishable keys and their snippets.
 */
export function keysPage(
  c: Context<AppEnv>,
  { keys, changes, errors = new Map(), typed = {}, notice, newSecret }: KeysPageProps,
) {
  const text = c.var.text;
  const words = text.keys;
  const isAdmin = c.var.membership.role === "admin";
  const base = `/console/${c.var.membership.organizationPublicId}/keys`;
  const origin = new URL(c.req.url).origin;
  const shown = isAdmin ? keys : keys.filter((key) => tokenKind(key) === "publishable");
  const kind = typed.kind ?? "publishable";
  return renderPage(c, {
    title: words.title,
    chrome: organizationChrome(c, "keys"),
    status: errors.size > 0 ? 400 : newSecret ? 201 : 200,
    body: (
      <>
        <h1 id="keys-title">{words.title}</h1>
        {notice && <Notice message={notice} />}
        {newSecret && (
          <section class="card" aria-labelledby="new-secret">
            <h2 id="new-secret">
              {words.secretMade(newSecret.record.label ?? newSecret.record.token_id)}
            </h2>
            <p>{words.secretOnce}</p>
            <pre class="copy">
              <code>{newSecret.token}</code>
            </pre>
          </section>
        )}
        <ErrorSummary
          text={text}
          errors={errors}
          labels={{ kind: words.kind, label: words.label, origins: words.origins }}
        />
        <p>{words.intro}</p>
        {shown.length === 0 ? (
          <p class="muted">{words.none}</p>
        ) : (
          // Scrolls sideways on a phone: a region the keyboard can reach and scroll.
          <div class="table-wrap" tabindex={0} role="region" aria-labelledby="keys-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{words.label}</th>
                  <th scope="col">{words.kind}</th>
                  <th scope="col">{words.origins}</th>
                  <th scope="col">{words.created}</th>
                  {isAdmin && (
                    <th scope="col">
                      <span class="muted">{words.revoke}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {shown.map((key) => (
                  <tr>
                    <td>
                      {key.label ?? key.token_id}
                      {key.publishable_key && (
                        <>
                          <pre class="copy">
                            <code>{key.publishable_key}</code>
                          </pre>
                          <KeySnippet
                            text={text}
                            origin={origin}
                            organizationId={c.var.membership.organizationId}
                            publishableKey={key.publishable_key}
                          />
                        </>
                      )}
                    </td>
                    <td>{words.kinds[tokenKind(key)]}</td>
                    <td>
                      {tokenKind(key) === "secret"
                        ? "–"
                        : key.origins?.length
                          ? key.origins.join(", ")
                          : words.anyOrigin}
                    </td>
                    <td>{key.created_at.slice(0, 10)}</td>
                    {isAdmin && (
                      <td>
                        <a
                          class="button secondary"
                          href={`${base}/${key.token_id}/revoke`}
                          aria-label={words.revokeLabel(key.label ?? key.token_id)}
                        >
                          {words.revoke}
                        </a>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {isAdmin ? (
          <section class="card" aria-labelledby="new-key">
            <h2 id="new-key">{words.create}</h2>
            <form method="post" action={base} novalidate>
              <fieldset>
                <legend>{words.kind}</legend>
                {(["publishable", "secret"] as const).map((choice) => (
                  <label class="check" for={`kind-${choice}`}>
                    <input
                      type="radio"
                      id={`kind-${choice}`}
                      name="kind"
                      value={choice}
                      checked={kind === choice}
                    />
                    {words.kinds[choice]}
                  </label>
                ))}
              </fieldset>
              <Field
                name="label"
                label={words.label}
                value={typed.label}
                error={errors.get("label")}
              />
              <TextAreaField
                name="origins"
                label={words.origins}
                hint={words.originsHint}
                value={typed.origins}
                error={errors.get("origins")}
              />
              <button type="submit">{words.createSubmit}</button>
            </form>
          </section>
        ) : (
          <p class="muted">{words.onlyAdmins}</p>
        )}
        {isAdmin && (
          <section aria-labelledby="key-history">
            <h2 id="key-history">{words.history}</h2>
            {changes.length === 0 ? (
              <p class="muted">{words.noHistory}</p>
            ) : (
              <div class="table-wrap" tabindex={0} role="region" aria-labelledby="key-history">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{text.mentor.when}</th>
                      <th scope="col">{text.mentor.change}</th>
                      <th scope="col">{text.mentor.by}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((change) => (
                      <tr>
                        <td>{change.changedAt.replace("T", " ").slice(0, 16)}</td>
                        <td>
                          {words.changes[change.change](
                            `${words.kinds[change.kind]} ${change.label ?? change.tokenId}`,
                          )}
                        </td>
                        <td>{change.memberName ?? text.mentor.actor.console_member(null)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}
      </>
    ),
  });
}

/** The confirmation before a key is revoked: what stops working, and the button. */
export function revokeKeyPage(c: Context<AppEnv>, key: TokenRecord) {
  const words = c.var.text.keys;
  const base = `/console/${c.var.membership.organizationPublicId}/keys`;
  const name = key.label ?? key.token_id;
  return renderPage(c, {
    title: words.revokeLabel(name),
    chrome: organizationChrome(c, "keys"),
    body: (
      <section class="card narrow">
        <h1>{words.revokeLabel(name)}</h1>
        <p>{words.revokeWarning}</p>
        <form method="post" action={`${base}/${key.token_id}/revoke`}>
          <button type="submit" class="danger">
            {words.revokeSubmit}
          </button>{" "}
          <a href={base}>{words.cancel}</a>
        </form>
      </section>
    ),
  });
}
