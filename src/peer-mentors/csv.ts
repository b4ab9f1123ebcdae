import { invalidField } from "../http/errors.ts";
import type { jsonResponse } from "../http/openapi.ts";
import type { MentorRecord } from "./writes/mentor-changes.ts";
import { daysUntilExpiry } from "./status-rules.ts";

/*
 * The mentor list as CSV (Accept: text/csv), for spreadsheets: RFC 4180
 * (CRLF, fields quoted where needed), UTF-8 with a byte order mark so Excel
 * reads æ, ø and å, one header row, no phone numbers.
 */

/** The most rows one CSV answer holds; a larger list is a 400 asking to filter or page it. */
export const MAX_CSV_ROWS = 10_000;

export const CSV_MEDIA_TYPE = "text/csv";

const COLUMNS = [
  "mentor_id",
  "full_name",
  "email",
  "org_id",
  "status",
  "is_hlf",
  "is_paused",
  "certification_expiry_date",
  "days_until_expiry",
  "created_at",
  "updated_at",
] as const;

/** Whether the client asks for CSV (`Accept: text/csv`, alone or first among others). */
export function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((type) => type.trim().split(";")[0] === CSV_MEDIA_TYPE);
}

/**
 * One field: quoted when it holds a comma, quote or line break; a text that
 * a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading `'`.
 */
function field(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function mentorsCsv(rows: readonly MentorRecord[], orgPublicId: string, now: Date): string {
  const lines = rows.map((row) =>
    [
      row.mentorId,
      row.fullName,
      row.email,
      orgPublicId,
      row.status,
      row.isHlf,
      row.isPaused,
      row.certificationExpiryDate,
      daysUntilExpiry(row.certificationExpiryDate, now),
      row.createdAt,
      row.updatedAt,
    ]
      .map(field)
      .join(","),
  );
  return `\uFEFF${[COLUMNS.join(","), ...lines].join("\r\n")}\r\n`;
}

/** The list's 200, also as CSV. */
export function withCsv(response: ReturnType<typeof jsonResponse>) {
  return {
    ...response,
    content: {
      ...response.content,
      [CSV_MEDIA_TYPE]: {
        schema: {
          type: "string" as const,
          description: "RFC 4180 CSV with a header row, UTF-8 with BOM",
        },
      },
    },
  };
}

/** The 400 for a CSV of more than MAX_CSV_ROWS rows. */
export const csvTooLarge = (total: number) =>
  invalidField(
    "limit",
    `${String(total)} mentors match, more than the ${String(MAX_CSV_ROWS)} one CSV holds: filter the list, or page it with page and limit`,
  );
