import { Hono, type Context } from "hono";
import { validator } from "#validator";
import routeDocs from "#route-docs/peer-mentors";
import { requireSecretKey } from "../auth/middleware.ts";
import { d1Session } from "../db/session.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError, methodNotAllowed, notFound, validationHook } from "../http/errors.ts";
import { ifMatchOf, jsonWithETag } from "../http/etag.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { markRosterChangesOfWrites } from "../peer-supporters/public/roster-changes.ts";
import { idempotencyKey } from "../http/idempotency.ts";
import { documentedQuery } from "../http/query-params.ts";
import { pageOffset } from "../http/pagination.ts";
import {
  changeMentor,
  clock,
  enqueuePending,
  keyActor,
  MENTOR,
  removeMentor,
} from "./writes/change-mentor.ts";
import { newMentorRecord, type MentorChange } from "./writes/mentor-changes.ts";
import { findMentor, insertMentor, listMentors, mentorStatusHistory } from "./queries.ts";
import {
  createMentorBody,
  expiryChangeBody,
  listMentorsQuery,
  mentorIdParam,
  statusChangeBody,
  updateMentorBody,
} from "./schemas.ts";
import {
  mentorETag,
  serializeMentor,
  serializeMentorListItem,
  serializeStatusChange,
} from "./serialize.ts";
import { daysUntilExpiry } from "./status-rules.ts";
import { csvTooLarge, CSV_MEDIA_TYPE, MAX_CSV_ROWS, mentorsCsv, wantsCsv } from "./csv.ts";

// An org_id that is not the key's own organization's.
const otherOrganization = () => new ApiError(403, "Not Authorized");

/**
 * Applies `change` to the mentor the path names, in the key's organization
 * (changeMentor), puts its events and emails on the queue after the
 * response, sets the mentor's new ETag, and returns the mentor as it now is.
 */
async function changeNamedMentor(
  c: Context<AppEnv>,
  change: MentorChange,
  reason: string | null = null,
) {
  const current = clock(c.env);
  const { organization, db } = c.var;
  const result = await changeMentor(db, {
    organizationId: organization.id,
    organizationPublicId: organization.publicId,
    mentorId: c.req.param("mentor_id") ?? "",
    change,
    reason,
    actor: keyActor(c.var.key),
    ifMatch: ifMatchOf(c),
    clock: current,
  });
  if (result.outcome === "saved") enqueuePending(c, db, result.pending);
  c.header("ETag", await mentorETag(result.mentor, organization.publicId));
  return { mentor: result.mentor, now: current.now };
}

/** API v1, mounted at /api/v1/peer-mentors. */
export const peerMentorsRoutes = new Hono<AppEnv>()
  .use(requireSecretKey)
  .use(d1Session)
  // A mentor's status decides whether their member is on the public roster.
  .use(markRosterChangesOfWrites)
  .use(idempotencyKey)
  .get(
    "/",
    routeDocs.listMentors,
    validator("query", listMentorsQuery, validationHook, documentedQuery),
    async (c) => {
      const { orgId, page, limit, paged, statuses, search, sort, expiresWithinDays } =
        c.req.valid("query");
      const organization = c.var.organization;
      if (orgId !== undefined && orgId !== organization.publicId) throw otherOrganization();
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
        if (!paged && total > MAX_CSV_ROWS) throw csvTooLarge(total);
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
    routeDocs.createMentor,
    requireJsonBody,
    validator("json", createMentorBody, validationHook),
    async (c) => {
      const body = c.req.valid("json");
      const organization = c.var.organization;
      if (body.org_id !== undefined && body.org_id !== organization.publicId) {
        throw otherOrganization();
      }
      // A retry of a create that may have committed writes the same mentor (src/http/idempotency.ts).
      const reserved = c.var.idempotentCreate?.reserved?.mentor_id;
      const created = newMentorRecord(
        {
          mentorId: typeof reserved === "string" ? reserved : undefined,
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
      await insertMentor(c.var.db, created, c.var.idempotentCreate);
      // After a reservation, the mentor as the first try stored it, if it did.
      const mentor =
        reserved === undefined
          ? created
          : ((await findMentor(c.var.db, organization.id, created.mentorId)) ?? created);
      c.header("Location", `/api/v1/peer-mentors/${mentor.mentorId}`);
      return jsonWithETag(c, serializeMentor(mentor, organization.publicId), 201);
    },
  )
  .all("/", methodNotAllowed(["GET", "HEAD", "POST"]))
  .get(
    "/:mentor_id",
    routeDocs.getMentor,
    validator("param", mentorIdParam, validationHook),
    async (c) => {
      const organization = c.var.organization;
      const mentor = await findMentor(c.var.db, organization.id, c.req.valid("param").mentor_id);
      if (!mentor) throw notFound(MENTOR);
      return jsonWithETag(c, serializeMentor(mentor, organization.publicId));
    },
  )
  .put(
    "/:mentor_id",
    routeDocs.updateMentor,
    validator("param", mentorIdParam, validationHook),
    requireJsonBody,
    validator("json", updateMentorBody, validationHook),
    async (c) => {
      const body = c.req.valid("json");
      const { mentor } = await changeNamedMentor(c, {
        fullName: body.full_name,
        email: body.email,
        phone: body.phone,
        isHlf: body.is_hlf,
      });
      return c.json(serializeMentor(mentor, c.var.organization.publicId));
    },
  )
  .delete(
    "/:mentor_id",
    routeDocs.deleteMentor,
    validator("param", mentorIdParam, validationHook),
    async (c) => {
      const { mentor_id } = c.req.valid("param");
      await removeMentor(c.var.db, c.var.organization, mentor_id, ifMatchOf(c));
      return c.json({ deleted: true as const, mentor_id });
    },
  )
  .all("/:mentor_id", methodNotAllowed(["GET", "HEAD", "PUT", "DELETE"]))
  .patch(
    "/:mentor_id/status",
    routeDocs.changeStatus,
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
      const { mentor } = await changeNamedMentor(c, change, reason);
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
    routeDocs.changeExpiry,
    validator("param", mentorIdParam, validationHook),
    requireJsonBody,
    validator("json", expiryChangeBody, validationHook),
    async (c) => {
      const { expiry_date } = c.req.valid("json");
      // A new expiry date always clears a manual expiry; a pause survives it.
      const { mentor, now } = await changeNamedMentor(c, {
        certificationExpiryDate: expiry_date,
        isManuallyExpired: false,
      });
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
    routeDocs.statusHistory,
    validator("param", mentorIdParam, validationHook),
    async (c) => {
      const { mentor_id } = c.req.valid("param");
      const changes = await mentorStatusHistory(c.var.db, c.var.organization.id, mentor_id);
      if (!changes) throw notFound(MENTOR);
      return jsonWithETag(c, { mentor_id, data: changes.map(serializeStatusChange) });
    },
  )
  .all("/:mentor_id/status-history", methodNotAllowed(["GET", "HEAD"]));
