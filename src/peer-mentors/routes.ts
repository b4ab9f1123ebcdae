import { zValidator } from "@hono/zod-validator";
import { Hono, type Context } from "hono";
import { requireToken, type AuthVariables } from "../auth/middleware.ts";
import { createDatabase } from "../db/client.ts";
import { jsonError, methodNotAllowed, validationHook } from "../http/errors.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { pageOffset } from "../http/pagination.ts";
import {
  applyMentorChange,
  newMentorRecord,
  type MentorChange,
  type MentorRecord,
} from "./mentor-changes.ts";
import {
  deleteMentor,
  EmailTakenError,
  findMentor,
  insertMentor,
  listMentors,
  mentorStatusHistory,
  saveMentorChange,
} from "./queries.ts";
import {
  createMentorBody,
  expiryChangeBody,
  listMentorsQuery,
  statusChangeBody,
  updateMentorBody,
} from "./schemas.ts";
import { serializeMentor, serializeMentorListItem, serializeStatusChange } from "./serialize.ts";
import { certWarningDays, daysUntilExpiry } from "./status-rules.ts";

type MentorsEnv = { Bindings: Env; Variables: AuthVariables };

const notFound = (c: Context) => jsonError(c, 404, "Peer mentor not found");
const otherOrganization = (c: Context) => jsonError(c, 403, "Not Authorized");
const emailTaken = (c: Context, error: EmailTakenError) => jsonError(c, 409, error.message);

function clock(env: Env) {
  return { now: new Date(), warningDays: certWarningDays(env) };
}

/**
 * Applies `change` to the token's organization's mentor and saves it: the
 * one path every write of an existing mentor takes. Answers the mentor as it
 * now is, or the error response (404, 409) to send.
 */
async function changeMentor(
  c: Context<MentorsEnv>,
  change: MentorChange,
  reason: string | null = null,
): Promise<{ mentor: MentorRecord; now: Date } | Response> {
  const db = createDatabase(c.env.DB);
  const before = await findMentor(db, c.var.organization.id, c.req.param("mentor_id") ?? "");
  if (!before) return notFound(c);
  const current = clock(c.env);
  const after = applyMentorChange(before, change, current);
  if (after) {
    try {
      await saveMentorChange(db, before, after, { reason, source: "api" });
    } catch (error) {
      if (error instanceof EmailTakenError) return emailTaken(c, error);
      throw error;
    }
  }
  return { mentor: after ?? before, now: current.now };
}

/** API v1, mounted at /api/v1/peer-mentors. */
export const peerMentorsRoutes = new Hono<MentorsEnv>()
  .use(requireToken)
  .get("/", zValidator("query", listMentorsQuery, validationHook), async (c) => {
    const { orgId, page, limit, statuses, search } = c.req.valid("query");
    const organization = c.var.organization;
    if (orgId !== undefined && orgId !== organization.publicId) return otherOrganization(c);
    const { rows, total } = await listMentors(createDatabase(c.env.DB), {
      organizationId: organization.id,
      statuses,
      search,
      limit,
      offset: pageOffset(page, limit),
    });
    return c.json({
      data: rows.map((row) => serializeMentorListItem(row, organization.publicId)),
      pagination: { page, limit, total },
    });
  })
  .post("/", requireJsonBody, zValidator("json", createMentorBody, validationHook), async (c) => {
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
      await insertMentor(createDatabase(c.env.DB), mentor);
    } catch (error) {
      if (error instanceof EmailTakenError) return emailTaken(c, error);
      throw error;
    }
    return c.json(serializeMentor(mentor, organization.publicId), 201);
  })
  .all("/", methodNotAllowed(["GET", "HEAD", "POST"]))
  .get("/:mentor_id", async (c) => {
    const organization = c.var.organization;
    const mentor = await findMentor(
      createDatabase(c.env.DB),
      organization.id,
      c.req.param("mentor_id"),
    );
    return mentor ? c.json(serializeMentor(mentor, organization.publicId)) : notFound(c);
  })
  .put(
    "/:mentor_id",
    requireJsonBody,
    zValidator("json", updateMentorBody, validationHook),
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
  .delete("/:mentor_id", async (c) => {
    const mentorId = c.req.param("mentor_id");
    const deleted = await deleteMentor(createDatabase(c.env.DB), c.var.organization.id, mentorId);
    return deleted ? c.json({ deleted: true, mentor_id: mentorId }) : notFound(c);
  })
  .all("/:mentor_id", methodNotAllowed(["GET", "HEAD", "PUT", "DELETE"]))
  .patch(
    "/:mentor_id/status",
    requireJsonBody,
    zValidator("json", statusChangeBody, validationHook),
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
    requireJsonBody,
    zValidator("json", expiryChangeBody, validationHook),
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
  .get("/:mentor_id/status-history", async (c) => {
    const mentorId = c.req.param("mentor_id");
    const changes = await mentorStatusHistory(
      createDatabase(c.env.DB),
      c.var.organization.id,
      mentorId,
    );
    if (!changes) return notFound(c);
    return c.json({ mentor_id: mentorId, data: changes.map(serializeStatusChange) });
  })
  .all("/:mentor_id/status-history", methodNotAllowed(["GET", "HEAD"]));
