/*
 * The widget's own words: English, Norwegian Bokmål and Nynorsk. Counts go
 * through Intl.PluralRules, so each language picks its own plural form.
 */
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const en = {
  locale: "en",
  search: "Search peer supporters",
  placeholder: "A name or a word, like “grief”",
  loading: "Loading peer supporters…",
  empty: "There are no peer supporters to show yet.",
  noMatch: (term: string) => `No peer supporters match “${term}”.`,
  noFilterMatch: "No peer supporters match these filters.",
  count: { one: "# peer supporter", other: "# peer supporters" } as Plural,
  errorRetry: "The peer supporters could not be loaded. Check your connection and try again.",
  errorFinal: "The peer supporters cannot be shown on this page. Please contact the organization.",
  retry: "Try again",
  previous: "Previous",
  next: "Next",
  page: (page: number, pages: number) => `Page ${page} of ${pages}`,
  list: "Peer supporters",
  pages: "Pages",
  filters: "Filter by topic",
  clearFilters: "Show everyone",
  interests: "Interests",
  topics: "Topics",
  available: "Available to talk",
  about: "About me",
  motivation: "Why I am a peer supporter",
  recovery: "My recovery",
  close: "Close",
  contact: (name: string) => `Contact ${name}`,
};

export type WidgetText = typeof en;

const nb: WidgetText = {
  locale: "nb",
  search: "Søk etter likepersoner",
  placeholder: "Et navn eller et ord, som «sorg»",
  loading: "Laster likepersoner …",
  empty: "Det er ingen likepersoner å vise ennå.",
  noMatch: (term) => `Ingen likepersoner passer til «${term}».`,
  noFilterMatch: "Ingen likepersoner passer til disse filtrene.",
  count: { one: "# likeperson", other: "# likepersoner" },
  errorRetry: "Kunne ikke laste likepersonene. Sjekk nettilkoblingen og prøv igjen.",
  errorFinal: "Likepersonene kan ikke vises på denne siden. Ta kontakt med organisasjonen.",
  retry: "Prøv igjen",
  previous: "Forrige",
  next: "Neste",
  page: (page, pages) => `Side ${page} av ${pages}`,
  list: "Likepersoner",
  pages: "Sider",
  filters: "Filtrer etter tema",
  clearFilters: "Vis alle",
  interests: "Interesser",
  topics: "Temaer",
  available: "Tilgjengelig for en prat",
  about: "Om meg",
  motivation: "Hvorfor jeg er likeperson",
  recovery: "Min bedring",
  close: "Lukk",
  contact: (name) => `Kontakt ${name}`,
};

const nn: WidgetText = {
  locale: "nn",
  search: "Søk etter likepersonar",
  placeholder: "Eit namn eller eit ord, som «sorg»",
  loading: "Lastar likepersonar …",
  empty: "Det er ingen likepersonar å vise enno.",
  noMatch: (term) => `Ingen likepersonar passar til «${term}».`,
  noFilterMatch: "Ingen likepersonar passar til desse filtera.",
  count: { one: "# likeperson", other: "# likepersonar" },
  errorRetry: "Klarte ikkje å laste likepersonane. Sjekk nettilkoplinga og prøv igjen.",
  errorFinal: "Likepersonane kan ikkje visast på denne sida. Ta kontakt med organisasjonen.",
  retry: "Prøv igjen",
  previous: "Førre",
  next: "Neste",
  page: (page, pages) => `Side ${page} av ${pages}`,
  list: "Likepersonar",
  pages: "Sider",
  filters: "Filtrer etter tema",
  clearFilters: "Vis alle",
  interests: "Interesser",
  topics: "Tema",
  available: "Tilgjengeleg for ein prat",
  about: "Om meg",
  motivation: "Kvifor eg er likeperson",
  recovery: "Mi betring",
  close: "Lukk",
  contact: (name) => `Kontakt ${name}`,
};

/** "14 peer supporters", in the plural form the language's rules pick for `count`. */
export function countText(text: WidgetText, count: number): string {
  const form = new Intl.PluralRules(text.locale).select(count);
  return (text.count[form] ?? text.count.other).replace("#", count.toLocaleString(text.locale));
}

/** "nb", "nb-NO" and "no" read Bokmål, "nn" Nynorsk; anything else English. */
export function widgetText(lang: string | null | undefined): WidgetText {
  const language = lang?.trim().toLowerCase().split("-")[0];
  if (language === "nn") return nn;
  return language === "nb" || language === "no" ? nb : en;
}
