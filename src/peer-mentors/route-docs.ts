import { describeRoute } from "hono-openapi";
import {
  authenticated,
  conditionalWrite,
  errorResponses,
  idempotentCreate,
  jsonResponse,
  notModified,
} from "../http/openapi.ts";
import { withCsv } from "./csv.ts";
import {
  expiryChangedSchema,
  mentorDeletedSchema,
  mentorListSchema,
  mentorSchema,
  statusChangedSchema,
  statusHistorySchema,
} from "./schemas.ts";
import * as examples from "./spec-examples.ts";

/* The OpenAPI description of each v1 route (./routes.ts). */

const TAGS = ["Peer mentors (v1)"];

/** A JSON request body, documented with the spec's example. */
function jsonBody(example: unknown) {
  return { content: { "application/json": { example } } };
}

export const listMentors = describeRoute({
  summary: "List the organization's peer mentors",
  description:
    "Ordered by `created_at`, then `mentor_id`, unless `sort` says otherwise. `status` takes comma-separated statuses; `q` matches name or email case-insensitively across Unicode; `expires_within_days` keeps those expiring within N days. Any other parameter is a 400 naming it. With `Accept: text/csv` the answer is the same filtered list as CSV (UTF-8 with BOM, one header row, `days_until_expiry` as a column, no phone numbers): every row, at most 10,000, unless `page` or `limit` is given.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: withCsv(
      jsonResponse(
        "One page of mentors (no phone numbers)",
        mentorListSchema,
        examples.listExample,
      ),
    ),
    ...notModified,
    ...errorResponses(400, 401, 403, 429),
  },
});

export const createMentor = describeRoute({
  summary: "Create a peer mentor",
  description:
    "Adds a mentor to the key's organization. The status is derived at once from the certification expiry date; an email already in the organization is a 409.",
  tags: TAGS,
  ...idempotentCreate,
  requestBody: jsonBody(examples.createExample),
  responses: {
    201: jsonResponse("The new mentor, full record", mentorSchema, examples.createdExample, [
      "ETag",
      "Location",
    ]),
    ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429),
  },
});

export const getMentor = describeRoute({
  summary: "Get one peer mentor",
  description:
    "The full record, phone number included. A mentor of another organization answers 404, like one that does not exist.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The full record, with phone", mentorSchema, examples.mentorExample),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

export const updateMentor = describeRoute({
  summary: "Update a peer mentor's profile",
  description:
    "Changes any of `full_name`, `email`, `phone`, `is_hlf` (at least one). Any other field is a 400 naming it.",
  tags: TAGS,
  ...conditionalWrite,
  requestBody: jsonBody(examples.updateExample),
  responses: {
    200: jsonResponse("The full record", mentorSchema, examples.updatedExample, ["ETag"]),
    ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 429),
  },
});

export const deleteMentor = describeRoute({
  summary: "Delete a peer mentor",
  description: "Erases the mentor and their status history.",
  tags: TAGS,
  ...conditionalWrite,
  responses: {
    200: jsonResponse("Deleted", mentorDeletedSchema, examples.deletedExample),
    ...errorResponses(401, 403, 404, 412, 413, 429),
  },
});

export const changeStatus = describeRoute({
  summary: "Pause, reactivate or expire a peer mentor",
  description:
    "`paused` pauses; `active` un-pauses and clears a manual expiry (the answer shows the derived status); `expired` un-pauses and marks the mentor expired by hand.",
  tags: TAGS,
  ...conditionalWrite,
  requestBody: jsonBody(examples.statusChangeExample),
  responses: {
    200: jsonResponse(
      "The new status; `ETag` is the full record's",
      statusChangedSchema,
      examples.statusChangedExample,
      ["ETag"],
    ),
    ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 429),
  },
});

export const changeExpiry = describeRoute({
  summary: "Set a peer mentor's certification expiry date",
  description:
    "Sets the date, clears a manual expiry, keeps a pause, and re-derives the status. `days_until_expiry` counts whole UTC calendar days.",
  tags: TAGS,
  ...conditionalWrite,
  requestBody: jsonBody(examples.expiryChangeExample),
  responses: {
    200: jsonResponse(
      "The new expiry and status; `ETag` is the full record's",
      expiryChangedSchema,
      examples.expiryChangedExample,
      ["ETag"],
    ),
    ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 429),
  },
});

export const statusHistory = describeRoute({
  summary: "A peer mentor's status changes, newest first",
  description:
    "Every stored status change, by hand (`api`) or by the hourly refresh (`cron`), with the reason given.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("Status changes", statusHistorySchema, examples.historyExample),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default {
  listMentors,
  createMentor,
  getMentor,
  updateMentor,
  deleteMentor,
  changeStatus,
  changeExpiry,
  statusHistory,
};
