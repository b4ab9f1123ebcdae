/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ErrorSummary, type FieldErrors } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import { MemberFields, memberLabels } from "./member-fields.tsx";
import type { MentorChoice } from "./queries.ts";

/** The form for a new supporter (pending and shown, as the API's defaults); after a failed submit, with its errors. */
export function newSupporterPage(
  c: Context<AppEnv>,
  mentors: readonly MentorChoice[],
  { errors = new Map(), typed }: { errors?: FieldErrors; typed?: Record<string, string> } = {},
) {
  const text = c.var.text;
  const words = text.roster;
  const base = `/console/${c.var.membership.organizationPublicId}/roster`;
  const defaults: Record<string, string> = { status: "pending", listed: "on" };
  const value = (name: string) => (typed ? (typed[name] ?? "") : (defaults[name] ?? ""));
  return renderPage(c, {
    title: words.newTitle,
    chrome: organizationChrome(c, "roster"),
    status: errors.size > 0 ? 400 : 200,
    body: (
      <>
        <p>
          <a href={base}>{`← ${words.title}`}</a>
        </p>
        <h1>{words.newTitle}</h1>
        <ErrorSummary text={text} errors={errors} labels={memberLabels(text)} />
        <form class="card" method="post" action={base} novalidate>
          <MemberFields text={text} errors={errors} value={value} mentors={mentors} />
          <button type="submit">{words.createSubmit}</button>
        </form>
      </>
    ),
  });
}
