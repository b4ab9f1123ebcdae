/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { NOTIFICATION_LANGUAGES } from "../../db/schema.ts";
import { EMAIL_OUTCOMES, type EmailDelivery } from "../../notifications/schemas.ts";
import {
  ErrorSummary,
  Field,
  Notice,
  TextAreaField,
  type FieldErrors,
} from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { StatusChangeActor } from "../../db/schema.ts";
import { LastChange } from "../layout/last-change.tsx";

export type EmailOutcome = (typeof EMAIL_OUTCOMES)[number];

type NotificationsPageProps = {
  /** The form's values: the settings as stored, or as typed after a failed submit. */
  values: Record<string, string>;
  revision: number;
  saved: boolean;
  savedBy: StatusChangeActor | null;
  deliveries: readonly EmailDelivery[];
  outcome: EmailOutcome | undefined;
  errors?: FieldErrors;
  notice?: string | undefined;
  stale?: boolean;
};

/** The notification settings' form and the log of emails sent, filterable by outcome. */
export function notificationsPage(c: Context<AppEnv>, props: NotificationsPageProps) {
  const text = c.var.text;
  const words = text.notifications;
  const { values } = props;
  const errors: FieldErrors = props.errors ?? new Map();
  const base = `/console/${c.var.membership.organizationPublicId}/notifications`;
  const checkbox = (name: "mentor_reminders" | "weekly_digest") => (
    <label class="check" for={name}>
      <input type="checkbox" id={name} name={name} value="on" checked={values[name] === "on"} />
      {words[name]}
    </label>
  );
  return renderPage(c, {
    title: words.title,
    chrome: organizationChrome(c, "notifications"),
    status: props.stale ? 409 : errors.size > 0 ? 400 : 200,
    body: (
      <>
        <h1>{words.title}</h1>
        {props.notice && <Notice message={props.notice} />}
        {props.stale && <Notice message={words.stale} warn />}
        {!props.saved && <Notice message={words.notSaved} warn />}
        <LastChange text={text} by={props.savedBy} />
        <ErrorSummary
          text={text}
          errors={errors}
          labels={{
            coordinator_emails: words.coordinator_emails,
            reminder_days: words.reminder_days,
            language: words.language,
          }}
        />
        <form class="card" method="post" action={base} novalidate>
          <input type="hidden" name="revision" value={String(props.revision)} />
          <TextAreaField
            name="coordinator_emails"
            label={words.coordinator_emails}
            hint={words.coordinatorEmailsHint}
            value={values.coordinator_emails}
            error={errors.get("coordinator_emails")}
          />
          <div class="field">{checkbox("mentor_reminders")}</div>
          <Field
            name="reminder_days"
            label={words.reminder_days}
            hint={words.reminderDaysHint}
            value={values.reminder_days}
            error={errors.get("reminder_days")}
          />
          <div class="field">
            <label for="language-setting">{words.language}</label>
            <select id="language-setting" name="language">
              {NOTIFICATION_LANGUAGES.map((language) => (
                <option value={language} selected={values.language === language}>
                  {text.language[language]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">{checkbox("weekly_digest")}</div>
          <button type="submit">{words.submit}</button>
        </form>
        <section aria-labelledby="deliveries">
          <h2 id="deliveries">{words.deliveries}</h2>
          <form class="filters" method="get" action={base}>
            <div class="field">
              <label for="outcome">{words.outcome}</label>
              <select id="outcome" name="outcome">
                <option value="">{words.allOutcomes}</option>
                {EMAIL_OUTCOMES.map((outcome) => (
                  <option value={outcome} selected={props.outcome === outcome}>
                    {words.outcomes[outcome]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="secondary">
              {words.filter}
            </button>
          </form>
          {props.deliveries.length === 0 ? (
            <p class="muted">{words.noDeliveries}</p>
          ) : (
            // Scrolls sideways on a phone: a region the keyboard can reach and scroll.
            <div class="table-wrap" tabindex={0} role="region" aria-labelledby="deliveries">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{words.time}</th>
                    <th scope="col">{words.kind}</th>
                    <th scope="col">{words.recipients}</th>
                    <th scope="col">{words.subject}</th>
                    <th scope="col">{words.outcome}</th>
                    <th scope="col">{words.attempts}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.deliveries.map((delivery) => (
                    <tr>
                      <td>{delivery.created_at.replace("T", " ").slice(0, 16)}</td>
                      <td>
                        <code>{delivery.kind}</code>
                      </td>
                      <td>{delivery.recipients.join(", ")}</td>
                      <td>{delivery.subject}</td>
                      <td>{words.outcomes[delivery.outcome]}</td>
                      <td>{delivery.attempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </>
    ),
  });
}
