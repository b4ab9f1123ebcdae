/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ErrorSummary, Field, type FieldErrors } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import { MentorFields } from "./mentor-page.tsx";

/** The form for a new mentor; after a failed submit, with its errors and what was typed. */
export function newMentorPage(
  c: Context<AppEnv>,
  { errors = new Map(), typed = {} }: { errors?: FieldErrors; typed?: Record<string, string> } = {},
) {
  const text = c.var.text;
  const words = text.mentor;
  const base = `/console/${c.var.membership.organizationPublicId}/mentors`;
  const value = (name: string) => typed[name] ?? "";
  return renderPage(c, {
    title: words.newTitle,
    chrome: organizationChrome(c, "mentors"),
    status: errors.size > 0 ? 400 : 200,
    body: (
      <>
        <p>
          <a href={base}>{`← ${text.mentors.title}`}</a>
        </p>
        <h1>{words.newTitle}</h1>
        <ErrorSummary
          text={text}
          errors={errors}
          labels={{
            full_name: words.full_name,
            email: words.email,
            phone: words.phone,
            certification_expiry_date: words.certification_expiry_date,
          }}
        />
        <form class="card" method="post" action={base} novalidate>
          <MentorFields text={text} errors={errors} value={value} />
          <Field
            name="certification_expiry_date"
            type="date"
            label={words.certification_expiry_date}
            hint={words.dateHint}
            value={value("certification_expiry_date")}
            error={errors.get("certification_expiry_date")}
            required
          />
          <button type="submit">{words.createSubmit}</button>
        </form>
      </>
    ),
  });
}
