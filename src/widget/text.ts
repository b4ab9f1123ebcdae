/** The widget's own words, by the `lang` attribute: English by default, Norwegian Bokmål for "nb". */
const TEXT = {
  en: {
    search: "Search peer supporters",
    loading: "Loading peer supporters…",
    empty: "There are no peer supporters to show yet.",
    noMatch: (term: string) => `No peer supporters match “${term}”.`,
    error: "The peer supporters could not be loaded.",
    retry: "Try again",
    previous: "Previous",
    next: "Next",
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    list: "Peer supporters",
    pages: "Pages",
    interests: "Interests",
    topics: "Topics",
    available: "Available to talk",
  },
  nb: {
    search: "Søk etter likepersoner",
    loading: "Laster likepersoner …",
    empty: "Det er ingen likepersoner å vise ennå.",
    noMatch: (term: string) => `Ingen likepersoner passer til «${term}».`,
    error: "Kunne ikke laste likepersonene.",
    retry: "Prøv igjen",
    previous: "Forrige",
    next: "Neste",
    page: (page: number, pages: number) => `Side ${page} av ${pages}`,
    list: "Likepersoner",
    pages: "Sider",
    interests: "Interesser",
    topics: "Temaer",
    available: "Tilgjengelig for en prat",
  },
};

export type WidgetText = (typeof TEXT)["en"];

/** "nb", "nb-NO" and "no" read Norwegian Bokmål; anything else English. */
export function widgetText(lang: string | null): WidgetText {
  const language = lang?.trim().toLowerCase().split("-")[0];
  return language === "nb" || language === "no" ? TEXT.nb : TEXT.en;
}
