/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { FC } from "hono/jsx";
import type { AppEnv } from "../../app-env.ts";
import { serializeManagedMember } from "../../peer-supporters/roster/serialize.ts";
import { avatarSettings } from "../../peer-supporters/roster/avatars.ts";
import type { ManagedMemberRow } from "../../peer-supporters/manage/queries.ts";
import { HIDDEN_REASONS, type HiddenReason } from "../../peer-supporters/public/visibility.ts";
import { Field, Notice } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { ConsoleText } from "../text.ts";
import type { RosterFilter } from "./queries.ts";

/** The list's view as its query string holds it. */
export type RosterView = RosterFilter & { page: number };

export function viewQuery(view: RosterView, page = view.page) {
  const query = new URLSearchParams();
  if (view.status) query.set("status", view.status);
  if (view.listed !== undefined) query.set("listed", String(view.listed));
  if (view.reason) query.set("reason", view.reason);
  if (view.q) query.set("q", view.q);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** Whether the public page shows the member, and if not, every reason in words. */
export const Visibility: FC<{ text: ConsoleText; reasons: readonly HiddenReason[] }> = ({
  text,
  reasons,
}) =>
  reasons.length === 0 ? (
    <span class="badge active">{text.roster.onPage}</span>
  ) : (
    <span class="badge paused">
      {text.roster.notOnPage(reasons.map((reason) => text.roster.reasons[reason]).join(", "))}
    </span>
  );

const Choice: FC<{ name: string; label: string; value: string; choices: [string, string][] }> = ({
  name,
  label,
  value,
  choices,
}) => (
  <div class="field">
    <label for={name}>{label}</label>
    <select id={name} name={name}>
      {choices.map(([choice, words]) => (
        <option value={choice} selected={choice === value}>
          {words}
        </option>
      ))}
    </select>
  </div>
);

type ListProps = {
  view: RosterView;
  rows: readonly ManagedMemberRow[];
  total: number;
  pageSize: number;
  notice: string | undefined;
  now: Date;
};

export function rosterListPage(c: Context<AppEnv>, props: ListProps) {
  const { view, rows, total, pageSize, now } = props;
  const text = c.var.text;
  const words = text.roster;
  const base = `/console/${c.var.membership.organizationPublicId}/roster`;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const avatars = avatarSettings(c.env);
  return renderPage(c, {
    title: words.title,
    chrome: organizationChrome(c, "roster"),
    body: (
      <>
        <div class="toolbar">
          <h1>{words.title}</h1>
          <a class="button" href={`${base}/new`}>
            {words.add}
          </a>
        </div>
        <p class="muted">{words.intro}</p>
        {props.notice && <Notice message={props.notice} />}
        <form class="filters card" method="get" action={base} role="search">
          <Field name="q" type="search" label={words.search} value={view.q} />
          <Choice
            name="status"
            label={words.status}
            value={view.status ?? ""}
            choices={[
              ["", words.all],
              ["pending", words.statuses.pending],
              ["approved", words.statuses.approved],
            ]}
          />
          <Choice
            name="listed"
            label={words.listed}
            value={view.listed === undefined ? "" : String(view.listed)}
            choices={[
              ["", words.all],
              ["true", words.listedChoices.yes],
              ["false", words.listedChoices.no],
            ]}
          />
          <Choice
            name="reason"
            label={words.reason}
            value={view.reason ?? ""}
            choices={[
              ["", words.all],
              ["visible", words.onPage],
              ...HIDDEN_REASONS.map((reason): [string, string] => [
                reason,
                words.notOnPage(words.reasons[reason]),
              ]),
            ]}
          />
          <button type="submit">{words.filter}</button>
        </form>
        <p class="muted" role="status">
          {words.count(total)}
        </p>
        {rows.length === 0 ? (
          <p class="card">{words.none}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{words.name}</th>
                  <th scope="col">{words.status}</th>
                  <th scope="col">{words.reason}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr>
                    <td>
                      <a href={`${base}/${String(row.id)}`}>
                        {[row.firstName, row.lastName].filter(Boolean).join(" ")}
                      </a>
                    </td>
                    <td>{words.statuses[row.status]}</td>
                    <td>
                      <Visibility
                        text={text}
                        reasons={serializeManagedMember(row, avatars, now).hidden_reasons}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav class="pager" aria-label={text.mentors.page(view.page, pages)}>
            {view.page > 1 && (
              <a href={base + viewQuery(view, view.page - 1)}>{text.mentors.previous}</a>
            )}
            <span>{text.mentors.page(view.page, pages)}</span>
            {view.page < pages && (
              <a href={base + viewQuery(view, view.page + 1)}>{text.mentors.next}</a>
            )}
          </nav>
        )}
      </>
    ),
  });
}
