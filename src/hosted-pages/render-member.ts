import { contactUrlOf } from "../peer-supporters/public/settings.ts";
import type { PublicPeerSupporter } from "../peer-supporters/roster/schemas.ts";
import { html, type Html } from "./html.ts";
import { documentOf, initialsOf } from "./layout.ts";
import { listUrl, memberUrl, type ListState } from "./links.ts";
import { labelsOf } from "./render-list.ts";
import { hostedText } from "./text.ts";

/** A titled paragraph when the supporter has the text. */
function section(title: string, body: string | null | undefined): Html {
  return body
    ? html`<h2>${title}</h2>
        <p>${body}</p> `
    : html``;
}

/**
 * Everything the public projection carries about one supporter, the way to
 * contact them where the organization set a contact URL (as the widget's
 * profile does with its `contact-url`), and the way back to the list.
 */
export function memberPage(
  origin: string,
  listState: ListState,
  organization: { name: string; contactUrl: string | null },
  supporter: PublicPeerSupporter,
): Html {
  const organizationName = organization.name;
  const text = hostedText(listState.lang);
  const canonical = memberUrl(origin, listState, supporter.id);
  const labels = labelsOf(supporter);
  return documentOf(
    {
      lang: listState.lang,
      title: `${supporter.full_name}: ${organizationName}`,
      description: supporter.bio ?? `${supporter.full_name}, ${organizationName}`,
      canonical,
      structuredData: {
        "@context": "https://schema.org",
        "@type": "Person",
        name: supporter.full_name,
        url: canonical,
        ...(supporter.bio ? { description: supporter.bio } : {}),
        ...(labels.length > 0 ? { knowsAbout: labels } : {}),
        memberOf: { "@type": "Organization", name: organizationName },
      },
    },
    html`<p><a href="${listUrl(origin, listState)}">${text.back}</a></p>
      <article class="profile">
        <span class="initials" aria-hidden="true">${initialsOf(supporter.full_name)}</span>
        <h1>${supporter.full_name}</h1>
        <p class="organization">${organizationName}</p>
        ${supporter.available ? html`<p class="available">${text.available}</p>` : ""}
        ${supporter.bio ? html`<p>${supporter.bio}</p>` : ""}
        ${section(text.greeting, supporter.greeting)}${section(text.motivation, supporter.motivation)}${section(text.recovery, supporter.recovery_status)}${
          labels.length > 0
            ? html`<h2>${text.topics}</h2>
                <ul class="tags">
                  ${labels.map((label) => html`<li>${label}</li>`)}
                </ul>`
            : ""
        }
        ${
          organization.contactUrl === null
            ? ""
            : html`<p>
                <a class="contact" href="${contactUrlOf(organization.contactUrl, supporter.id)}"
                  >${text.contact(supporter.full_name)}</a
                >
              </p>`
        }
      </article>`,
  );
}

/** The 404 page of a supporter the public roster does not show (or never had). */
export function memberNotFoundPage(origin: string, listState: ListState): Html {
  const text = hostedText(listState.lang);
  return documentOf(
    {
      lang: listState.lang,
      title: text.errors[404].title,
      description: text.notFound,
      canonical: listUrl(origin, listState),
      structuredData: { "@context": "https://schema.org", "@type": "WebPage" },
    },
    html`<h1>${text.errors[404].title}</h1>
      <p>${text.notFound}</p>
      <p><a href="${listUrl(origin, listState)}">${text.back}</a></p>`,
  );
}
