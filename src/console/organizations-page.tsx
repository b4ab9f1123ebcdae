/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { renderPage } from "./layout/render.tsx";
import type { Membership } from "./members/queries.ts";

/** The organizations a signed-in address may open (when it is more than one, or none). */
export function organizationsPage(c: Context<AppEnv>, memberships: readonly Membership[]) {
  const words = c.var.text.organizations;
  return renderPage(c, {
    title: words.title,
    chrome: { signedIn: true },
    body: (
      <section class="card narrow">
        <h1>{words.title}</h1>
        {memberships.length === 0 ? (
          <p>{words.none}</p>
        ) : (
          <ul>
            {memberships.map((membership) => (
              <li>
                <a href={`/console/${membership.organizationPublicId}/mentors`}>
                  {membership.organizationName}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    ),
  });
}
