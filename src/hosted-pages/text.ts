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
    contact: (name: string) => `Contact ${name}`,
    notFound: "This peer supporter is not in the directory (any longer).",
    errors: {
      400: {
        title: "This address is not valid",
        message: "The search or filter in this address cannot be used.",
      },
      401: {
        title: "This page cannot be opened",
        message:
          "The page's address has no valid key: it may be incomplete, or no longer in use. Please follow the link on the organization's website.",
      },
      403: {
        title: "This page cannot be shown here",
        message: "The organization does not let its peer supporters be shown on this website.",
      },
      404: { title: "Not found", message: "There is no page at this address." },
      429: {
        title: "Too many requests",
        message: "This page was asked for too often in a short time.",
      },
      503: {
        title: "Temporarily unavailable",
        message: "The peer supporters cannot be shown right now.",
      },
      500: {
        title: "Something went wrong",
        message: "The page could not be shown. Please try again later.",
      },
    },
    retryIn: (seconds: number) => `Please try again in ${String(seconds)} seconds.`,
    reference: "Reference",
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
    contact: (name: string) => `Kontakt ${name}`,
    notFound: "Denne likepersonen er ikke (lenger) i oversikten.",
    errors: {
      400: {
        title: "Adressen er ikke gyldig",
        message: "Søket eller filteret i denne adressen kan ikke brukes.",
      },
      401: {
        title: "Siden kan ikke åpnes",
        message:
          "Adressen til siden mangler en gyldig nøkkel: den kan være ufullstendig eller ikke lenger i bruk. Følg lenken på organisasjonens nettsted.",
      },
      403: {
        title: "Siden kan ikke vises her",
        message: "Organisasjonen tillater ikke at likepersonene vises på dette nettstedet.",
      },
      404: { title: "Ikke funnet", message: "Det finnes ingen side på denne adressen." },
      429: {
        title: "For mange forespørsler",
        message: "Siden ble hentet for mange ganger på kort tid.",
      },
      503: {
        title: "Midlertidig utilgjengelig",
        message: "Likepersonene kan ikke vises akkurat nå.",
      },
      500: { title: "Noe gikk galt", message: "Siden kunne ikke vises. Prøv igjen senere." },
    },
    retryIn: (seconds: number) => `Prøv igjen om ${String(seconds)} sekunder.`,
    reference: "Referanse",
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
    contact: (name: string) => `Kontakt ${name}`,
    notFound: "Denne likepersonen er ikkje (lenger) i oversikta.",
    errors: {
      400: {
        title: "Adressa er ikkje gyldig",
        message: "Søket eller filteret i denne adressa kan ikkje brukast.",
      },
      401: {
        title: "Sida kan ikkje opnast",
        message:
          "Adressa til sida manglar ein gyldig nøkkel: ho kan vera ufullstendig eller ikkje lenger i bruk. Følg lenkja på nettstaden til organisasjonen.",
      },
      403: {
        title: "Sida kan ikkje visast her",
        message: "Organisasjonen tillèt ikkje at likepersonane blir viste på denne nettstaden.",
      },
      404: { title: "Ikkje funne", message: "Det finst inga side på denne adressa." },
      429: {
        title: "For mange førespurnader",
        message: "Sida vart henta for mange gonger på kort tid.",
      },
      503: {
        title: "Mellombels utilgjengeleg",
        message: "Likepersonane kan ikkje visast akkurat no.",
      },
      500: { title: "Noko gjekk gale", message: "Sida kunne ikkje visast. Prøv igjen seinare." },
    },
    retryIn: (seconds: number) => `Prøv igjen om ${String(seconds)} sekund.`,
    reference: "Referanse",
  },
} satisfies Record<HostedLanguage, unknown>;

export type HostedText = (typeof TEXT)["en"];

/** `lang` as sent: en, nb or nn (any case); anything else means DEFAULT_LANGUAGE. */
export function hostedLanguage(lang: string | undefined): HostedLanguage {
  const wanted = lang?.trim().toLowerCase();
  return HOSTED_LANGUAGES.find((language) => language === wanted) ?? DEFAULT_LANGUAGE;
}

export const hostedText = (language: HostedLanguage): HostedText => TEXT[language];
