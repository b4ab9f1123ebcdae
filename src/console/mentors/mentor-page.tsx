/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { FC } from "hono/jsx";
import { formatDate } from "../../notifications/templates.ts";
import type { MentorRecord } from "../../peer-mentors/writes/mentor-changes.ts";
import type { mentorStatusHistory } from "../../peer-mentors/queries.ts";
import { daysUntilExpiry } from "../../peer-mentors/status-rules.ts";
import type { AppEnv } from "../../app-env.ts";
import { ErrorSummary, Field, Notice, RemovalCard, type FieldErrors } from "../layout/document.tsx";
import { HistoryCard } from "../layout/history-card.tsx";
import { whoOfColumns } from "../layout/last-change.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { ConsoleText } from "../text.ts";
import { StatusBadge } from "./status-badge.tsx";

type History = NonNullable<Awaited<ReturnType<typeof mentorStatusHistory>>>;

/** Which of the page's forms a failed submit came from, with what was typed in it. */
export type FailedForm = { errors: FieldErrors; typed: Record<string, string> };

type MentorPageProps = {
  mentor: MentorRecord;
  /** The ETag the forms carry: a submit applies only to the mentor as shown. */
  revision: string;
  history: History;
  now: Date;
  notice?: string | undefined;
  stale?: boolean;
  failed?: FailedForm;
};

const labelsOf = (text: ConsoleText) => ({
  full_name: text.mentor.full_name,
  email: text.mentor.email,
  phone: text.mentor.phone,
  is_hlf: text.mentor.is_hlf,
  certification_expiry_date: text.mentor.certification_expiry_date,
  reason: text.mentor.reason,
  status: text.mentors.status,
  confirm: text.mentor.delete,
});

const dateOnly = (instant: string) => instant.slice(0, 10);

export function mentorPage(c: Context<AppEnv>, props: MentorPageProps) {
  const { mentor, history, now, failed } = props;
  const text = c.var.text;
  const words = text.mentor;
  const lang = c.var.language;
  const action = `/console/${c.var.membership.organizationPublicId}/mentors/${mentor.mentorId}`;
  const errors = failed?.errors ?? new Map<string, string>();
  // What was typed, where a submit failed; the mentor as stored everywhere else.
  const value = (name: string, stored: string | null) => failed?.typed[name] ?? stored ?? "";
  const Revision: FC = () => <input type="hidden" name="revision" value={props.revision} />;
  return renderPage(c, {
    title: mentor.fullName,
    chrome: organizationChrome(c, "mentors"),
    status: props.stale ? 409 : errors.size > 0 ? 400 : 200,
    body: (
      <>
        <p>
          <a
            href={`/console/${c.var.membership.organizationPublicId}/mentors`}
          >{`← ${text.mentors.title}`}</a>
        </p>
        <h1>{mentor.fullName}</h1>
        {props.notice && <Notice message={props.notice} />}
        {props.stale && <Notice warn message={words.stale} />}
        <ErrorSummary text={text} errors={errors} labels={labelsOf(text)} />
        <section class="card" aria-labelledby="facts">
          <h2 id="facts">{words.fields}</h2>
          <dl class="facts">
            <dt>{text.mentors.status}</dt>
            <dd>
              <StatusBadge text={text} status={mentor.status} />
            </dd>
            <dt>{words.certification_expiry_date}</dt>
            <dd>
              {`${formatDate(mentor.certificationExpiryDate, lang)} (${words.days(daysUntilExpiry(mentor.certificationExpiryDate, now))})`}
            </dd>
            <dt>{words.email}</dt>
            <dd>{mentor.email}</dd>
            <dt>{words.phone}</dt>
            <dd>{mentor.phone ?? "–"}</dd>
            <dt>{words.is_hlf}</dt>
            <dd>{mentor.isHlf ? words.yes : words.no}</dd>
          </dl>
        </section>
        <div class="grid">
          <section class="card" aria-labelledby="renew">
            <h2 id="renew">{words.renew}</h2>
            <form method="post" action={`${action}/certification-expiry`} novalidate>
              <Revision />
              <Field
                name="certification_expiry_date"
                type="date"
                label={words.certification_expiry_date}
                hint={words.dateHint}
                value={value("certification_expiry_date", dateOnly(mentor.certificationExpiryDate))}
                error={errors.get("certification_expiry_date")}
                required
              />
              <button type="submit">{words.renewSubmit}</button>
            </form>
          </section>
          <section class="card" aria-labelledby="pause">
            <h2 id="pause">{mentor.isPaused ? words.resume : words.pause}</h2>
            <form method="post" action={`${action}/status`} novalidate>
              <Revision />
              <input type="hidden" name="status" value={mentor.isPaused ? "active" : "paused"} />
              {!mentor.isPaused && (
                <div class="field">
                  <label for="reason">{words.reason}</label>
                  {errors.get("reason") && (
                    <p class="field-error" id="reason-error">
                      {errors.get("reason")}
                    </p>
                  )}
                  <textarea
                    id="reason"
                    name="reason"
                    aria-invalid={errors.has("reason") ? "true" : undefined}
                    aria-describedby={errors.has("reason") ? "reason-error" : undefined}
                  >
                    {value("reason", null)}
                  </textarea>
                </div>
              )}
              <button type="submit">
                {mentor.isPaused ? words.resumeSubmit : words.pauseSubmit}
              </button>
            </form>
          </section>
        </div>
        <section class="card" aria-labelledby="edit">
          <h2 id="edit">{words.edit}</h2>
          <form method="post" action={action} novalidate>
            <Revision />
            <MentorFields text={text} errors={errors} value={value} mentor={mentor} />
            <button type="submit">{words.editSubmit}</button>
          </form>
        </section>
        <HistoryTable text={text} history={history} lang={lang} />
        <RemovalCard
          title={words.delete}
          action={`${action}/delete`}
          revision={props.revision}
          confirmLabel={words.deleteConfirm(mentor.fullName)}
          submitLabel={words.deleteSubmit}
          error={errors.get("confirm")}
        />
      </>
    ),
  });
}

/** The fields a new mentor and an edit share, with the API's names. */
export const MentorFields: FC<{
  text: ConsoleText;
  errors: FieldErrors;
  value: (name: string, stored: string | null) => string;
  mentor?: MentorRecord;
}> = ({ text, errors, value, mentor }) => {
  const words = text.mentor;
  const hlfTyped = value("is_hlf", mentor?.isHlf ? "on" : null);
  return (
    <>
      <Field
        name="full_name"
        label={words.full_name}
        value={value("full_name", mentor?.fullName ?? null)}
        error={errors.get("full_name")}
        autocomplete="off"
        required
      />
      <Field
        name="email"
        type="email"
        label={words.email}
        value={value("email", mentor?.email ?? null)}
        error={errors.get("email")}
        autocomplete="off"
        required
      />
      <Field
        name="phone"
        type="tel"
        label={words.phone}
        value={value("phone", mentor?.phone ?? null)}
        error={errors.get("phone")}
        autocomplete="off"
      />
      <div class="field">
        <label class="check" for="is_hlf">
          <input type="checkbox" id="is_hlf" name="is_hlf" value="on" checked={hlfTyped === "on"} />
          {words.is_hlf}
        </label>
      </div>
    </>
  );
};

const HistoryTable: FC<{
  text: ConsoleText;
  history: History;
  lang: AppEnv["Variables"]["language"];
}> = ({ text, history, lang }) => {
  const words = text.mentor;
  return (
    <HistoryCard
      title={words.history}
      empty={words.noHistory}
      labels={words}
      lang={lang}
      rows={history.map((change) => ({
        changedAt: change.changedAt,
        change: (
          <>
            {`${text.statuses[change.fromStatus]} → ${text.statuses[change.toStatus]}`}
            {change.reason && <div class="muted">{change.reason}</div>}
          </>
        ),
        by: whoOfColumns(text, change.actorKind, change.actorName),
      }))}
    />
  );
};
