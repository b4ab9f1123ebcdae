/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { MENTOR_STATUSES, type MentorStatus } from "../../db/schema.ts";
import { formatDate } from "../../notifications/templates.ts";
import type { MentorRecord } from "../../peer-mentors/writes/mentor-changes.ts";
import { daysUntilExpiry } from "../../peer-mentors/status-rules.ts";
import type { AppEnv } from "../../app-env.ts";
import { ErrorSummary, Field, Notice, type FieldErrors } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import { StatusBadge } from "./status-badge.tsx";

/** The list's filters as the page's query string holds them (the API's parameter names). */
export type ListView = {
  status: MentorStatus | undefined;
  expiresWithinDays: string;
  q: string;
  page: number;
};

export const viewQuery = (view: ListView, page = view.page) => {
  const query = new URLSearchParams();
  if (view.status) query.set("status", view.status);
  if (view.expiresWithinDays) query.set("expires_within_days", view.expiresWithinDays);
  if (view.q) query.set("q", view.q);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `?${text}` : "";
};

type ListPageProps = {
  view: ListView;
  rows: readonly MentorRecord[];
  total: number;
  pageSize: number;
  counts: Record<MentorStatus, number>;
  errors: FieldErrors;
  notice: string | undefined;
  now: Date;
};

export function mentorListPage(c: Context<AppEnv>, props: ListPageProps) {
  const { view, rows, total, pageSize, counts, errors, now } = props;
  const text = c.var.text;
  const words = text.mentors;
  const base = `/console/${c.var.membership.organizationPublicId}/mentors`;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const all = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const chip = (status: MentorStatus | undefined, label: string, count: number) => (
    <li>
      <a
        href={base + viewQuery({ ...view, status, page: 1 })}
        aria-current={view.status === status ? "true" : undefined}
      >
        {`${label} (${String(count)})`}
      </a>
    </li>
  );
  return renderPage(c, {
    title: words.title,
    chrome: organizationChrome(c, "mentors"),
    status: errors.size > 0 ? 400 : 200,
    body: (
      <>
        <div class="toolbar">
          <h1>{words.title}</h1>
          <a class="button" href={`${base}/new`}>
            {words.add}
          </a>
        </div>
        {props.notice && <Notice message={props.notice} />}
        <ErrorSummary
          text={text}
          errors={errors}
          labels={{
            expires_within_days: words.expiresWithin,
            q: words.search,
            status: words.status,
          }}
        />
        <nav aria-label={words.status}>
          <ul class="chips">
            {chip(undefined, words.all, all)}
            {MENTOR_STATUSES.map((status) => chip(status, text.statuses[status], counts[status]))}
          </ul>
        </nav>
        <form class="filters card" method="get" action={base} role="search">
          {view.status && <input type="hidden" name="status" value={view.status} />}
          <Field
            name="expires_within_days"
            type="number"
            label={words.expiresWithin}
            value={view.expiresWithinDays}
            error={errors.get("expires_within_days")}
          />
          <Field
            name="q"
            type="search"
            label={words.search}
            value={view.q}
            error={errors.get("q")}
          />
          <button type="submit">{words.filter}</button>
        </form>
        <div class="toolbar">
          <p class="muted" role="status">
            {words.count(total)}
          </p>
          <a
            class="button secondary"
            href={`${base}.csv${viewQuery({ ...view, page: 1 })}`}
            download
          >
            {words.csv}
          </a>
        </div>
        {rows.length === 0 ? (
          <p class="card">{words.none}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{words.name}</th>
                  <th scope="col">{words.status}</th>
                  <th scope="col">{words.expiry}</th>
                  <th scope="col" class="hide-narrow">
                    {words.daysLeft}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((mentor) => (
                  <tr>
                    <td>
                      <a href={`${base}/${mentor.mentorId}`}>{mentor.fullName}</a>
                      <div class="muted hide-narrow">{mentor.email}</div>
                    </td>
                    <td>
                      <StatusBadge text={text} status={mentor.status} />
                    </td>
                    <td>{formatDate(mentor.certificationExpiryDate, c.var.language)}</td>
                    <td class="hide-narrow">
                      {text.mentor.days(daysUntilExpiry(mentor.certificationExpiryDate, now))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav class="pager" aria-label={words.page(view.page, pages)}>
            {view.page > 1 && <a href={base + viewQuery(view, view.page - 1)}>{words.previous}</a>}
            <span>{words.page(view.page, pages)}</span>
            {view.page < pages && <a href={base + viewQuery(view, view.page + 1)}>{words.next}</a>}
          </nav>
        )}
      </>
    ),
  });
}
