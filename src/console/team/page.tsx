/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { CONSOLE_ROLES } from "../../db/schema.ts";
import type { AppEnv } from "../../app-env.ts";
import { ErrorSummary, Field, Notice, type FieldErrors } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { ConsoleMember } from "../members/queries.ts";

type TeamPageProps = {
  members: readonly ConsoleMember[];
  errors?: FieldErrors;
  typed?: Record<string, string>;
  notice?: string | undefined;
};

/** The organization's members; admins also get the forms to add and remove them. */
export function teamPage(
  c: Context<AppEnv>,
  { members, errors = new Map(), typed = {}, notice }: TeamPageProps,
) {
  const text = c.var.text;
  const words = text.team;
  const isAdmin = c.var.membership.role === "admin";
  const base = `/console/${c.var.membership.organizationPublicId}/team`;
  return renderPage(c, {
    title: words.title,
    chrome: organizationChrome(c, "team"),
    status: errors.size > 0 ? 400 : 200,
    body: (
      <>
        <h1>{words.title}</h1>
        {notice && <Notice message={notice} />}
        <ErrorSummary
          text={text}
          errors={errors}
          labels={{ email: words.email, name: words.name, role: words.role }}
        />
        <p>{words.intro}</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{words.name}</th>
                <th scope="col">{words.email}</th>
                <th scope="col">{words.role}</th>
                {isAdmin && (
                  <th scope="col">
                    <span class="muted">{words.remove}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr>
                  <td>
                    {member.displayName}
                    {member.memberId === c.var.membership.memberId && ` ${words.you}`}
                  </td>
                  <td>{member.email}</td>
                  <td>{words.roles[member.role]}</td>
                  {isAdmin && (
                    <td>
                      <form method="post" action={`${base}/${member.memberId}/remove`}>
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={words.removeLabel(member.displayName)}
                        >
                          {words.remove}
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {isAdmin ? (
          <section class="card" aria-labelledby="invite">
            <h2 id="invite">{words.invite}</h2>
            <form method="post" action={base} novalidate>
              <Field
                name="email"
                type="email"
                label={words.email}
                value={typed.email}
                error={errors.get("email")}
                required
              />
              <Field name="name" label={words.name} value={typed.name} error={errors.get("name")} />
              <div class="field">
                <label for="role">{words.role}</label>
                <select id="role" name="role">
                  {CONSOLE_ROLES.map((role) => (
                    <option value={role} selected={(typed.role ?? "coordinator") === role}>
                      {words.roles[role]}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit">{words.inviteSubmit}</button>
            </form>
          </section>
        ) : (
          <p class="muted">{words.onlyAdmins}</p>
        )}
      </>
    ),
  });
}
