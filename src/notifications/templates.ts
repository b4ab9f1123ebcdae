import type { EmailKind, NotificationLanguage } from "../db/schema.ts";
import type { EmailData } from "../outbox/event-data.ts";

/*
 * Every notification email, in Norwegian Bokmål and English, as plain text
 * and HTML. No images, and one link only in the console's sign-in email:
 * nothing in an email calls out to us or a third party when it is opened. Subjects carry no personal data, so the
 * delivery records can keep them.
 */

export const SUBJECTS: Record<EmailKind, Record<NotificationLanguage, string>> = {
  mentor_reminder: {
    nb: "Sertifiseringen din som likeperson utløper snart",
    en: "Your peer mentor certification expires soon",
  },
  coordinator_reminder: {
    nb: "Likepersoner med sertifisering som snart utløper",
    en: "Peer mentors whose certification expires soon",
  },
  mentor_expired: {
    nb: "Sertifiseringen din som likeperson har utløpt",
    en: "Your peer mentor certification has expired",
  },
  coordinator_expired: {
    nb: "Likepersoner med utløpt sertifisering",
    en: "Peer mentors whose certification has expired",
  },
  weekly_digest: {
    nb: "Ukeoversikt over likepersonenes sertifiseringer",
    en: "Weekly overview of peer mentor certifications",
  },
  console_sign_in: {
    nb: "Logg inn i koordinatorkonsollen",
    en: "Sign in to the coordinator console",
  },
};

type Words = {
  greeting: (name: string) => string;
  expiresOn: (date: string, days: number) => string;
  expiredOn: (date: string) => string;
  renew: string;
  contact: (addresses: string[]) => string;
  reached: (organization: string) => string;
  expiredList: (organization: string) => string;
  digestIntro: (organization: string, week: string) => string;
  counts: string;
  attention: string;
  none: string;
  daysLeft: (days: number) => string;
  more: (count: number) => string;
  findInRegistry: string;
  openList: string;
  statuses: Record<"active" | "warning" | "expired" | "paused", string>;
  signInIntro: (organization: string) => string;
  signInValid: (minutes: number) => string;
  signInIgnore: string;
  signature: string;
  locale: string;
};

const WORDS: Record<NotificationLanguage, Words> = {
  nb: {
    greeting: (name) => `Hei ${name},`,
    expiresOn: (date, days) =>
      `sertifiseringen din som likeperson utløper ${date}, om ${days === 1 ? "1 dag" : `${String(days)} dager`}.`,
    expiredOn: (date) =>
      `sertifiseringen din som likeperson er nå registrert som utløpt (utløpsdato: ${date}).`,
    renew:
      "Meld deg på en fornyelse eller et oppfriskningskurs, og gi beskjed til koordinatoren din når du har fullført.",
    contact: (addresses) =>
      addresses.length > 0
        ? `Spørsmål? Kontakt koordinatoren din: ${addresses.join(", ")}.`
        : "Spørsmål? Kontakt koordinatoren i organisasjonen din.",
    reached: (organization) =>
      `Disse likepersonene i ${organization} har nådd en påminnelsesgrense for sertifiseringen sin:`,
    expiredList: (organization) =>
      `Sertifiseringen til disse likepersonene i ${organization} har utløpt:`,
    digestIntro: (organization, week) => `Ukeoversikt for ${organization}, uke ${week}.`,
    counts: "Antall etter status",
    attention: "Trenger oppfølging (varsel og utløpt)",
    none: "Ingen likepersoner trenger oppfølging.",
    daysLeft: (days) =>
      days < 0
        ? `utløpt for ${String(-days)} ${-days === 1 ? "dag" : "dager"} siden`
        : `${String(days)} ${days === 1 ? "dag" : "dager"} igjen`,
    more: (count) => `… og ${String(count)} til.`,
    findInRegistry: "Finn likepersonen i registeret med id-en i parentes.",
    openList: "Se alle likepersonene i koordinatorkonsollen:",
    statuses: { active: "aktiv", warning: "varsel", expired: "utløpt", paused: "pause" },
    signInIntro: (organization) =>
      `Åpne lenken under for å logge inn i koordinatorkonsollen for ${organization}:`,
    signInValid: (minutes) => `Lenken kan brukes én gang, innen ${String(minutes)} minutter.`,
    signInIgnore: "Ba du ikke om å logge inn, kan du se bort fra denne e-posten.",
    signature: "Hilsen peer-roster",
    locale: "nb-NO",
  },
  en: {
    greeting: (name) => `Hello ${name},`,
    expiresOn: (date, days) =>
      `your peer mentor certification expires on ${date}, in ${days === 1 ? "1 day" : `${String(days)} days`}.`,
    expiredOn: (date) =>
      `your peer mentor certification is now recorded as expired (expiry date: ${date}).`,
    renew:
      "Sign up for a renewal or refresher course, and tell your coordinator once you have completed it.",
    contact: (addresses) =>
      addresses.length > 0
        ? `Questions? Contact your coordinator: ${addresses.join(", ")}.`
        : "Questions? Contact your organization's coordinator.",
    reached: (organization) =>
      `These peer mentors at ${organization} reached a certification reminder threshold:`,
    expiredList: (organization) =>
      `The certification of these peer mentors at ${organization} has expired:`,
    digestIntro: (organization, week) => `Weekly overview for ${organization}, week ${week}.`,
    counts: "Mentors by status",
    attention: "Needing attention (warning and expired)",
    none: "No peer mentors need attention.",
    daysLeft: (days) =>
      days < 0
        ? `expired ${String(-days)} ${-days === 1 ? "day" : "days"} ago`
        : `${String(days)} ${days === 1 ? "day" : "days"} left`,
    more: (count) => `… and ${String(count)} more.`,
    findInRegistry: "Find each mentor in the registry by the id in brackets.",
    openList: "See every mentor in the coordinator console:",
    statuses: { active: "active", warning: "warning", expired: "expired", paused: "paused" },
    signInIntro: (organization) =>
      `Open the link below to sign in to the coordinator console of ${organization}:`,
    signInValid: (minutes) => `The link works once, within ${String(minutes)} minutes.`,
    signInIgnore: "If you did not ask to sign in, you can ignore this email.",
    signature: "peer-roster",
    locale: "en-GB",
  },
};

/** "11. mars 2027" or "11 March 2027": the expiry's UTC date, as days_until_expiry counts it. */
export function formatDate(instant: string, language: NotificationLanguage): string {
  return new Intl.DateTimeFormat(WORDS[language].locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(instant));
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** A body as blocks: paragraphs and lists, written once and rendered as text and as HTML. */
type Block = { paragraph: string } | { heading: string } | { list: ListItem[] } | { link: string };
/** A list's line, with the console page it links to when the deployment has a console URL. */
type ListItem = string | { text: string; href: string };

function renderText(blocks: Block[]): string {
  return blocks
    .map((block) =>
      "paragraph" in block
        ? block.paragraph
        : "heading" in block
          ? block.heading
          : "link" in block
            ? block.link
            : block.list
                .map(
                  (item) => `- ${typeof item === "string" ? item : `${item.text}: ${item.href}`}`,
                )
                .join("\n"),
    )
    .join("\n\n")
    .concat("\n");
}

function renderHtml(blocks: Block[], language: NotificationLanguage): string {
  const body = blocks
    .map((block) =>
      "paragraph" in block
        ? `<p>${escapeHtml(block.paragraph)}</p>`
        : "heading" in block
          ? `<h2 style="font-size:1.1em">${escapeHtml(block.heading)}</h2>`
          : "link" in block
            ? `<p><a href="${escapeHtml(block.link)}">${escapeHtml(block.link)}</a></p>`
            : `<ul>${block.list.map((item) => `<li>${listItemHtml(item)}</li>`).join("")}</ul>`,
    )
    .join("\n");
  return `<!doctype html>\n<html lang="${language}"><body style="font-family:sans-serif;line-height:1.5">\n${body}\n</body></html>\n`;
}

function listItemHtml(item: ListItem): string {
  if (typeof item === "string") return escapeHtml(item);
  return `${escapeHtml(item.text)}: <a href="${escapeHtml(item.href)}">${escapeHtml(item.href)}</a>`;
}

/**
 * Where a coordinators' email points for its mentors: their pages in the
 * console (`base` is <CONSOLE_URL>/console/<organization's public id>), or,
 * with no console URL, their ids to look up.
 */
function mentorLines<M extends { mentor_id: string; full_name: string }>(
  mentors: readonly M[],
  describe: (mentor: M) => string,
  base: string | undefined,
): ListItem[] {
  return mentors.map((m) =>
    base === undefined
      ? `${m.full_name} (${m.mentor_id}): ${describe(m)}`
      : { text: `${m.full_name}: ${describe(m)}`, href: `${base}/mentors/${m.mentor_id}` },
  );
}

/** The line after a coordinators' list: how to find the mentors. */
const findThem = (words: Words, base: string | undefined): Block[] =>
  base === undefined
    ? [{ paragraph: words.findInRegistry }]
    : [{ paragraph: words.openList }, { link: `${base}/mentors` }];

function listWithRest(items: ListItem[], total: number, words: Words): Block[] {
  const rest = total - items.length;
  return [{ list: items }, ...(rest > 0 ? [{ paragraph: words.more(rest) }] : [])];
}

/** A mentor's own email: greeting, what happened, what to do, whom to ask. */
function letterToMentor(
  data: { full_name: string; contacts: string[]; organization_name: string },
  words: Words,
  news: string,
): Block[] {
  return [
    { paragraph: words.greeting(data.full_name) },
    { paragraph: news },
    { paragraph: words.renew },
    { paragraph: words.contact(data.contacts) },
    { paragraph: `${words.signature}, ${data.organization_name}` },
  ];
}

type Builders = {
  [K in EmailKind]: (
    data: EmailData<K>,
    words: Words,
    lang: NotificationLanguage,
    consoleBase: string | undefined,
  ) => Block[];
};

const BUILDERS: Builders = {
  mentor_reminder: (data, words, lang) =>
    letterToMentor(
      data,
      words,
      words.expiresOn(formatDate(data.certification_expiry_date, lang), data.days_until_expiry),
    ),
  mentor_expired: (data, words, lang) =>
    letterToMentor(data, words, words.expiredOn(formatDate(data.certification_expiry_date, lang))),
  coordinator_reminder: (data, words, lang, base) => [
    { paragraph: words.reached(data.organization_name) },
    ...listWithRest(
      mentorLines(
        data.mentors,
        (m) =>
          `${words.daysLeft(m.days_until_expiry)}, ${formatDate(m.certification_expiry_date, lang)}`,
        base,
      ),
      data.total,
      words,
    ),
    ...findThem(words, base),
    { paragraph: words.signature },
  ],
  coordinator_expired: (data, words, lang, base) => [
    { paragraph: words.expiredList(data.organization_name) },
    ...listWithRest(
      mentorLines(data.mentors, (m) => formatDate(m.certification_expiry_date, lang), base),
      data.total,
      words,
    ),
    ...findThem(words, base),
    { paragraph: words.signature },
  ],
  // The digest links to the list, where its mentors are found by name.
  weekly_digest: (data, words, lang, base) => [
    { paragraph: words.digestIntro(data.organization_name, data.iso_week) },
    { heading: words.counts },
    {
      list: (["active", "warning", "expired", "paused"] as const).map(
        (status) => `${words.statuses[status]}: ${String(data.counts[status])}`,
      ),
    },
    { heading: words.attention },
    ...(data.total === 0
      ? [{ paragraph: words.none }]
      : listWithRest(
          data.mentors.map(
            (m) =>
              `${m.full_name}${base === undefined ? ` (${m.mentor_id})` : ""}, ${words.statuses[m.status]}: ${words.daysLeft(m.days_until_expiry)}, ${formatDate(m.certification_expiry_date, lang)}`,
          ),
          data.total,
          words,
        )),
    ...findThem(words, base),
    { paragraph: words.signature },
  ],
  console_sign_in: (data, words) => [
    { paragraph: words.signInIntro(data.organization_name) },
    { link: data.link },
    { paragraph: words.signInValid(data.valid_minutes) },
    { paragraph: words.signInIgnore },
    { paragraph: words.signature },
  ],
};

export type RenderedEmail = { subject: string; text: string; html: string };

/**
 * The email of `kind` in `language` for `data` (parsed with its schema in
 * src/outbox/event-data.ts); `consoleBase`, the organization's console
 * (<CONSOLE_URL>/console/<public id>), makes coordinators' emails link there.
 */
export function renderEmail<K extends EmailKind>(
  kind: K,
  language: NotificationLanguage,
  data: EmailData<K>,
  consoleBase?: string,
): RenderedEmail {
  const blocks = BUILDERS[kind](data, WORDS[language], language, consoleBase);
  return {
    subject: SUBJECTS[kind][language],
    text: renderText(blocks),
    html: renderHtml(blocks, language),
  };
}
