import { Hono } from "hono";
import { describeRoute, validator } from "hono-openapi";
import { requireSecretKey } from "../auth/middleware.ts";
import { d1Session } from "../db/session.ts";
import { methodNotAllowed, validationHook } from "../http/errors.ts";
import { jsonWithETag } from "../http/etag.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { idempotencyKey } from "../http/idempotency.ts";
import {
  authenticated,
  conditionalWrite,
  errorResponses,
  idempotentCreate,
  jsonResponse,
  notModified,
} from "../http/openapi.ts";
import { documentedQuery } from "../http/query-params.ts";
import { pageOffset } from "../http/pagination.ts";
import {
  changeMentor,
  clock,
  deleteMentorFor,
  emailTaken,
  notFound,
  otherOrganization,
  type MentorsEnv,
} from "./change-mentor.ts";
import { newMentorRecord, type MentorChange } from "./mentor-changes.ts";
import {
  EmailTakenError,
  findMentor,
  insertMentor,
  listMentors,
  mentorStatusHistory,
} from "./queries.ts";
import {
  createMentorBody,
  expiryChangeBody,
  expiryChangedSchema,
  listMentorsQuery,
  mentorDeletedSchema,
  mentorIdParam,
  mentorListSchema,
  mentorSchema,
  statusChangeBody,
  statusChangedSchema,
  statusHistorySchema,
  updateMentorBody,
} from "./schemas.ts";
import * as examples from "./spec-examples.ts";
import { serializeMentor, serializeMentorListItem, serializeStatusChange } from "./serialize.ts";
import { daysUntilExpiry } from "./status-rules.ts";
import { csvTooLarge, CSV_MEDIA_TYPE, MAX_CSV_ROWS, mentorsCsv, wantsCsv, withCsv } from "./csv.ts";

const TAGS = ["Peer mentors (v1)"];

/** A JSON request body, documented with the spec's example. */
function jsonBody(example: unknown) {
  return { content: { "application/json": { example } } };
}

/** API v1, mounted at /api/v1/peer-mentors. */
export const peerMentorsRoutes = new Hono<MentorsEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  .use(idempotencyKey)
  .get(
    "/",
    describeRoute({
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
    }),
    validator("query", listMentorsQuery, validationHook, documentedQuery),
    async (c) => {
      const { orgId, page, limit, paged, statuses, search, sort, expiresWithinDays } =
        c.req.valid("query");
      const organization = c.var.organization;
      if (orgId !== undefined && orgId !== organization.publicId) return otherOrganization(c);
      const csv = wantsCsv(c.req.header("Accept"));
      // The representation follows Accept: caches must keep the two apart.
      c.header("Vary", "Accept");
      const now = new Date();
      const { rows, total } = await listMentors(c.var.db, {
        organizationId: organization.id,
        statuses,
        search,
        sort,
        expiresWithinDays,
        now,
        // CSV is the whole filtered list unless the request pages it.
        limit: csv && !paged ? MAX_CSV_ROWS : limit,
        offset: csv && !paged ? 0 : pageOffset(page, limit),
      });
      if (csv) {
        if (!paged && total > MAX_CSV_ROWS) return csvTooLarge(c, total);
        return c.body(mentorsCsv(rows, organization.publicId, now), 200, {
          "Content-Type": `${CSV_MEDIA_TYPE}; charset=utf-8`,
          "Content-Disposition": 'attachment; filename="peer-mentors.csv"',
        });
      }
      return jsonWithETag(c, {
        data: rows.map((row) => serializeMentorListItem(row, organization.publicId)),
        pagination: { page, limit, total },
      });
    },
  )
  .post(
    "/",
    describeRoute({
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
    }),
    requireJsonBody,
    validator("json", createMentorBody, validationHook),
    async (c) => {
      const body = c.req.valid("json");
      const organization = c.var.organization;
      if (body.org_id !== undefined && body.org_id !== organization.publicId) {
        return otherOrganization(c);
      }
      const mentor = newMentorRecord(
        {
          fullName: body.full_name,
          email: body.email,
          phone: body.phone,
          isHlf: body.is_hlf,
          isPaused: false,
          certificationExpiryDate: body.certification_expiry_date,
        },
        organization.id,
        clock(c.env),
      );
      try {
        await insertMentor(c.var.db, mentor);
      } catch (error) {
        if (error instanceof EmailTakenError) return emailTaken(c, error);
        throw error;
      }
      c.header("Location", `/api/v1/peer-mentors/${mentor.mentorId}`);
      return jsonWithETag(c, serializeMentor(mentor, organization.publicId), 201);
    },
  )
  .all("/", methodNotAllowed(["GET", "HEAD", "POST"]))
  .get(
    "/:mentor_id",
    describeRoute({
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
    }),
    validator("param", mentorIdParam, validationHook),
    async (c) => {
      const organization = c.var.organization;
      const mentor = await findMentor(c.var.db, organization.id, c.req.valid("param").mentor_id);
      return mentor ? jsonWithETag(c, serializeMentor(mentor, organization.publicId)) : notFound(c);
    },
  )
  .put(
    "/:mentor_id",
    describeRoute({
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
    }),
    validator("param", mentorIdParam, validationHook),
    requireJsonBody,
    validator("json", updateMentorBody, validationHook),
    async (c) => {
      const body = c.req.valid("json");
      const result = await changeMentor(c, {
        fullName: body.full_name,
        email: body.email,
        phone: body.phone,
        isHlf: body.is_hlf,
      });
      if (result instanceof Response) return result;
      return c.json(serializeMentor(result.mentor, c.var.organization.publicId));
    },
  )
  .delete(
    "/:mentor_id",
    describeRoute({
      summary: "Delete a peer mentor",
      description: "Erases the mentor and their status history.",
      tags: TAGS,
      ...conditionalWrite,
      responses: {
        200: jsonResponse("Deleted", mentorDeletedSchema, examples.deletedExample),
        ...errorResponses(401, 403, 404, 412, 413, 429),
      },
    }),
    validator("param", mentorIdParam, validationHook),
    async (c) => {
      const { mentor_id } = c.req.valid("param");
      const result = await deleteMentorFor(c, mentor_id);
      return result instanceof Response ? result : c.json({ deleted: true as const, mentor_id });
    },
  )
  .all("/:mentor_id", methodNotAllowed(["GET", "HEAD", "PUT", "DELETE"]))
  .patch(
    "/:mentor_id/status",
    describeRoute({
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
    }),
    validator("param", mentorIdParam, validationHook),
    requireJsonBody,
    validator("json", statusChangeBody, validationHook),
    async (c) => {
      const { status, reason } = c.req.valid("json");
      // paused pauses; active un-pauses and clears a manual expiry; expired un-pauses and marks it.
      const change: MentorChange =
        status === "paused"
          ? { isPaused: true }
          : { isPaused: false, isManuallyExpired: status === "expired" };
      const result = await changeMentor(c, change, reason);
      if (result instanceof Response) return result;
      const { mentor } = result;
      return c.json({
        mentor_id: mentor.mentorId,
        status: mentor.status,
        is_paused: mentor.isPaused,
        updated_at: mentor.updatedAt,
      });
    },
  )
  .all("/:mentor_id/status", methodNotAllowed(["PATCH"]))
  .patch(
    "/:mentor_id/certification-expiry",
    describeRoute({
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
    }),
    validator("param", mentorIdParam, validationHook),
    requireJsonBody,
    validator("json", expiryChangeBody, validationHook),
    async (c) => {
      const { expiry_date } = c.req.valid("json");
      // A new expiry date always clears a manual expiry; a pause survives it.
      const result = await changeMentor(c, {
        certificationExpiryDate: expiry_date,
        isManuallyExpired: false,
      });
      if (result instanceof Response) return result;
      const { mentor, now } = result;
      return c.json({
        mentor_id: mentor.mentorId,
        certification_expiry_date: mentor.certificationExpiryDate,
        status: mentor.status,
        days_until_expiry: daysUntilExpiry(mentor.certificationExpiryDate, now),
        updated_at: mentor.updatedAt,
      });
    },
  )
  .all("/:mentor_id/certification-expiry", methodNotAllowed(["PATCH"]))
  .get(
    "/:mentor_id/status-history",
    describeRoute({
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
    }),
    validator("param", mentorIdParam, validationHook),
    async (c) => {
      const { mentor_id } = c.req.valid("param");
      const changes = await mentorStatusHistory(c.var.db, c.var.organization.id, mentor_id);
      if (!changes) return notFound(c);
      return jsonWithETag(c, { mentor_id, data: changes.map(serializeStatusChange) });
    },
  )
  .all("/:mentor_id/status-history", methodNotAllowed(["GET", "HEAD"]));
