import type { Context } from "hono";
import type * as z from "zod";
import { ApiError } from "../http/errors.ts";
import type { FieldErrors } from "./layout/document.tsx";
import type { ConsoleLanguage } from "./text.ts";
import { issueText } from "./validation-text.ts";

/**
 * A form's fields as text; a repeated field keeps its first value, a file is
 * ignored. A body that cannot be read as a form (a multipart post cut short
 * or without a boundary) is a 400, the console's page for it.
 */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new ApiError(400, "The form could not be read");
  });
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") fields[name] = first;
  }
  return fields;
}

/**
 * What the API's schema refused, by form field, the first per field, in the
 * console's language (src/console/validation-text.ts); an issue of a list's
 * item (one topic) is its field's. `renamed` maps an API field to the form's
 * name for it.
 */
export function fieldErrors(
  issues: readonly z.core.$ZodIssue[],
  language: ConsoleLanguage,
  renamed: Record<string, string> = {},
): FieldErrors {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "");
    const name = renamed[field] ?? field;
    if (!errors.has(name)) errors.set(name, issueText(issue, language));
  }
  return errors;
}

/** Only form posts reach a console write: hono/csrf judges those by Origin and Sec-Fetch-Site. */
export const isFormPost = (c: Context) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(
    c.req.header("Content-Type") ?? "",
  );
