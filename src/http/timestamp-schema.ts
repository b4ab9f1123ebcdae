import * as z from "zod";

/** The API's one timestamp form in responses: "2026-03-26T10:00:00Z" (src/lib/time.ts isoSeconds). */
export const timestampSchema = z
  .string()
  .meta({ format: "date-time", example: "2026-03-26T10:00:00Z" });
