/*
 * The hosted pages' own words. `lang` picks them: en, nb (Norwegian Bokmål,
 * the default: the organizations are Norwegian) or nn (Nynorsk).
 */

export const HOSTED_LANGUAGES = ["nb", "nn", "en"] as const;
export type HostedLanguage = (typeof HOSTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: HostedLanguage = "nb";

const TEXT = {
  en: {
    title: "Peer supporters",
    search: "Search",
    searchLabel: "Search peer supporters",
    topics: "Topics",
    allTopics: "All topics",
    availableOnly: "Available to talk",
    available: "Available to talk",
    interests: "Interests",
    count: (n: number) => (n === 1 ? "1 peer supporter" : `${String(n)} peer supporters`),
    noMatch: "No peer supporters match this search.",
    empty: "There are no peer supporters to show yet.",
    previous: "Previous page",
    next: "Next page",
    page: (page: number, pages: number) => `Page ${String(page)} of ${String(pages)}`,
    pages: "Pages",
    back: "All peer supporters",
    motivation: "Why I am a peer supporter",
    recovery: "My story",
    greeting: "Greeting",
    notFound: "This peer supporter is not in the directory (any longer).",
    notFoundTitle: "Not found",
  },
  nb: {
    title: "Likepersoner",
    search: "Søk",
    searchLabel: "Søk etter likepersoner",
    topics: "Temaer",
    allTopics: "Alle temaer",
    availableOnly: "Tilgjengelig for en prat",
    available: "Tilgjengelig for en prat",
    interests: "Interesser",
    count: (n: number) => (n === 1 ? "1 likeperson" : `${String(n)} likepersoner`),
    noMatch: "Ingen likepersoner passer til dette søket.",
    empty: "Det er ingen likepersoner å vise ennå.",
    previous: "Forrige side",
    next: "Neste side",
    page: (page: number, pages: number) => `Side ${String(page)} av ${String(pages)}`,
    pages: "Sider",
    back: "Alle likepersoner",
    motivation: "Hvorfor jeg er likeperson",
    recovery: "Min historie",
    greeting: "Hilsen",
    notFound: "Denne likepersonen er ikke (lenger) i oversikten.",
    notFoundTitle: "Ikke funnet",
  },
  nn: {
    title: "Likepersonar",
    search: "Søk",
    searchLabel: "Søk etter likepersonar",
    topics: "Tema",
    allTopics: "Alle tema",
    availableOnly: "Tilgjengeleg for ein prat",
    available: "Tilgjengeleg for ein prat",
    interests: "Interesser",
    count: (n: number) => (n === 1 ? "1 likeperson" : `${String(n)} likepersonar`),
    noMatch: "Ingen likepersonar passar til dette søket.",
    empty: "Det er ingen likepersonar å visa enno.",
    previous: "Førre side",
    next: "Neste side",
    page: (page: number, pages: number) => `Side ${String(page)} av ${String(pages)}`,
    pages: "Sider",
    back: "Alle likepersonar",
    motivation: "Kvifor eg er likeperson",
    recovery: "Historia mi",
    greeting: "Helsing",
    notFound: "Denne likepersonen er ikkje (lenger) i oversikta.",
    notFoundTitle: "Ikkje funne",
  },
} satisfies Record<HostedLanguage, unknown>;

export type HostedText = (typeof TEXT)["en"];

/** `lang` as sent: en, nb or nn (any case); anything else means DEFAULT_LANGUAGE. */
export function hostedLanguage(lang: string | undefined): HostedLanguage {
  const wanted = lang?.trim().toLowerCase();
  return HOSTED_LANGUAGES.find((language) => language === wanted) ?? DEFAULT_LANGUAGE;
}

export const hostedText = (language: HostedLanguage): HostedText => TEXT[language];
