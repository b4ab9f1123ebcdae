import { describeRoute } from "hono-openapi";
import { authenticated, errorResponses, jsonResponse, notModified } from "../http/openapi.ts";
import { emailDeliveryListSchema, notificationSettingsSchema } from "./schemas.ts";

/* The OpenAPI description of each notification settings route (./routes.ts). */

const TAGS = ["Notifications (v1)"];

const EXAMPLE = {
  coordinator_emails: ["koordinator@frivillig.no"],
  mentor_reminders: true,
  reminder_days: [60, 30, 7],
  language: "nb",
  weekly_digest: true,
} as const;

export const getSettings = describeRoute({
  summary: "The organization's email notification settings",
  description:
    "Until they are saved (`updated_at` null) nothing is emailed, and the reminder thresholds are the deployment's `REMINDER_DAYS`.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The settings", notificationSettingsSchema, {
      ...EXAMPLE,
      updated_at: "2027-01-04T09:00:00Z",
    }),
    ...notModified,
    ...errorResponses(401, 403, 429),
  },
});

export const saveSettings = describeRoute({
  summary: "Save the organization's email notification settings",
  description:
    "Replaces them whole: every field is required. `reminder_days` drive both the reminder emails and the `peer_mentor.certification_expiring` webhooks.",
  tags: TAGS,
  ...authenticated,
  requestBody: { content: { "application/json": { example: EXAMPLE } } },
  responses: {
    200: jsonResponse("The settings as saved", notificationSettingsSchema),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

export const patchSettings = describeRoute({
  summary: "Change some of the organization's email notification settings",
  description:
    "Changes only the fields sent (at least one), each validated as in PUT; the others keep their values. Before the first save, the fields not sent start from the values GET shows.",
  tags: TAGS,
  ...authenticated,
  requestBody: {
    content: {
      "application/json": { example: { coordinator_emails: ["ny.koordinator@frivillig.no"] } },
    },
  },
  responses: {
    200: jsonResponse("The settings as saved", notificationSettingsSchema),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

export const listDeliveries = describeRoute({
  summary: "The organization's last emails",
  description:
    "The last 100, newest first: kind, recipients, subject, outcome (`pending`, `retrying`, `sent`, `failed` past the last retry, `cancelled` when the mentor was deleted first), attempts and the last error. An erased mentor's address is gone from `recipients`.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("Emails", emailDeliveryListSchema),
    ...notModified,
    ...errorResponses(401, 403, 429),
  },
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default { getSettings, saveSettings, patchSettings, listDeliveries };
