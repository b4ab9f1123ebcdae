/** ISO 8601 in UTC with second precision: "2026-03-26T10:00:00Z", the API's one timestamp form. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
