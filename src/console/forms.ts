import type { Context } from "hono";
import { ApiError, issueDetails } from "../http/errors.ts";
import type { FieldErrors } from "./layout/document.tsx";

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
 * The API's validation messages by field (its validation hook's details),
 * the first per field; `renamed` maps an API field to the form's name for it.
 */
export function fieldErrors(
  issues: Parameters<typeof issueDetails>[0],
  renamed: Record<string, string> = {},
): FieldErrors {
  const errors = new Map<string, string>();
  for (const { field, message } of issueDetails(issues)) {
    const name = renamed[field] ?? field;
    if (!errors.has(name)) errors.set(name, message);
  }
  return errors;
}

/** Only form posts reach a console write: hono/csrf judges those by Origin and Sec-Fetch-Site. */
export const isFormPost = (c: Context) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(
    c.req.header("Content-Type") ?? "",
  );
