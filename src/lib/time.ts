/** ISO 8601 in UTC with second precision: "2026-03-26T10:00:00Z", the API's one timestamp form. */
export function isoSeconds(date: Date): string {
  // toISOString() always ends in ".sssZ"; slicing it off costs a third of a regex replace,
  // which an import of 100,000 mentors runs 200,000 times.
  return `${date.toISOString().slice(0, -".000Z".length)}Z`;
}
