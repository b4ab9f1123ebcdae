import { Hono, type Context } from "hono";
import { validator } from "hono-openapi";
import * as routeDocs from "./manage-route-docs.ts";
import { requireSecretKey, unauthorized, type AuthVariables } from "../auth/middleware.ts";
import { d1Session, type DatabaseVariables } from "../db/session.ts";
import { handleNotFound, jsonError, methodNotAllowed, validationHook } from "../http/errors.ts";
import {
  ifMatchAdmits,
  ifMatchOf,
  jsonWithETag,
  preconditionFailed,
  strongETag,
} from "../http/etag.ts";
import { idempotencyKey, type IdempotencyVariables } from "../http/idempotency.ts";
import { requireJsonBody } from "../http/json-body.ts";
import { markRosterChangesOfWrites } from "./roster-changes.ts";
import { createMiddleware } from "hono/factory";
import {
  deleteManagedMember,
  findManagedMember,
  listingHistory,
  updateManagedMember,
  type Actor,
} from "./manage-queries.ts";
import {
  createMemberBody,
  memberIdParam,
  PERSON_FIELDS,
  updateMemberBody,
} from "./manage-schemas.ts";
import {
  publicRosterSettingsBody,
  readPublicRosterSettings,
  savePublicRosterSettings,
} from "./public-roster-settings.ts";
import { MentorLinkError } from "./mentor-link.ts";
import { organizationIdParam } from "./schemas.ts";
import { serializeManagedMember } from "./serialize.ts";
import { avatarSettings } from "./avatars.ts";
import { createManagedMember } from "./create-member.ts";

type ManageEnv = {
  Bindings: Env;
  Variables: AuthVariables & DatabaseVariables & IdempotencyVariables;
};

const MEMBER_PATH = "/:organization_id/peer_supporters/:member_id";

const notFound = (c: Context) => jsonError(c, 404, "Peer supporter not found");

/**
 * Every managed route: a numeric organization id (else 404), a secret key
 * (publishable: 403), of that organization (else 401, as the roster list).
 */
const organizationsSecretKey = [
  validator("param", organizationIdParam, (result, c) =>
    result.success ? undefined : handleNotFound(c),
  ),
  requireSecretKey,
  createMiddleware<ManageEnv>(async (c, next) => {
    if (Number(c.req.param("organization_id")) !== c.var.organization.id) {
      return unauthorized(c, "Not Authorized", 'Bearer error="invalid_token"');
    }
    await next();
  }),
  d1Session,
  markRosterChangesOfWrites,
] as const;

// A member id that is not a number names no member: the same 404 as any other.
const memberParam = validator("param", memberIdParam, (result, c) =>
  result.success ? undefined : notFound(c),
);

const actorOf = (c: Context<ManageEnv>): Actor => ({ keyId: c.var.key.id, now: new Date() });

const memberChanged = (c: Context) => preconditionFailed(c, "The peer supporter");

/**
 * With If-Match: the member's revision if its current ETag is one the
 * client names, else the 404 or 412 to answer. Without: undefined.
 */
async function ifMatchedRevision(c: Context<ManageEnv>, memberId: number) {
  const ifMatch = ifMatchOf(c);
  if (ifMatch === undefined) return undefined;
  const row = await findManagedMember(c.var.db, c.var.organization.id, memberId);
  if (!row) return notFound(c);
  const current = await strongETag(
    JSON.stringify(serializeManagedMember(row, avatarSettings(c.env), new Date())),
  );
  return ifMatchAdmits(ifMatch, current) ? row.revision : memberChanged(c);
}

function mentorLinkRefused(c: Context, error: MentorLinkError) {
  return error.reason === "taken"
    ? jsonError(c, 409, error.message)
    : jsonError(c, 400, "Invalid request", {
        details: [{ field: "mentor_id", message: error.message }],
      });
}

/** The managed roster (secret keys), mounted with the roster at /api/v2/organizations. */
export const managedRosterRoutes = new Hono<ManageEnv>()
  .post(
    "/:organization_id/peer_supporters",
    routeDocs.createMember,
    ...organizationsSecretKey,
    idempotencyKey,
    requireJsonBody,
    validator("json", createMemberBody, validationHook),
    async (c) => {
      try {
        const row = await createManagedMember(
          c.var.db,
          c.var.organization.id,
          c.req.valid("json"),
          actorOf(c),
          c.var.idempotentCreate,
        );
        c.header(
          "Location",
          `/api/v2/organizations/${String(c.var.organization.id)}/peer_supporters/${String(row.id)}`,
        );
        return await jsonWithETag(
          c,
          serializeManagedMember(row, avatarSettings(c.env), new Date()),
          201,
        );
      } catch (error) {
        if (error instanceof MentorLinkError) return mentorLinkRefused(c, error);
        throw error;
      }
    },
  )
  .get(MEMBER_PATH, routeDocs.getMember, ...organizationsSecretKey, memberParam, async (c) => {
    const row = await findManagedMember(
      c.var.db,
      c.var.organization.id,
      Number(c.req.valid("param").member_id),
    );
    return row
      ? jsonWithETag(c, serializeManagedMember(row, avatarSettings(c.env), new Date()))
      : notFound(c);
  })
  .patch(
    MEMBER_PATH,
    routeDocs.updateMember,
    ...organizationsSecretKey,
    memberParam,
    requireJsonBody,
    validator("json", updateMemberBody, validationHook),
    async (c) => {
      const memberId = Number(c.req.valid("param").member_id);
      const revision = await ifMatchedRevision(c, memberId);
      if (revision instanceof Response) return revision;
      try {
        const result = await updateManagedMember(
          c.var.db,
          c.var.organization.id,
          memberId,
          c.req.valid("json"),
          actorOf(c),
          revision,
        );
        if (result.outcome === "not_found") return notFound(c);
        if (result.outcome === "changed") return memberChanged(c);
        if (result.outcome === "shared") {
          return jsonError(
            c,
            409,
            `This person also belongs to another organization, so their own fields (${PERSON_FIELDS.join(", ")}) cannot be changed here; nothing was changed`,
          );
        }
        return await jsonWithETag(
          c,
          serializeManagedMember(result.row, avatarSettings(c.env), new Date()),
        );
      } catch (error) {
        if (error instanceof MentorLinkError) return mentorLinkRefused(c, error);
        throw error;
      }
    },
  )
  .delete(
    MEMBER_PATH,
    routeDocs.deleteMember,
    ...organizationsSecretKey,
    memberParam,
    async (c) => {
      const id = Number(c.req.valid("param").member_id);
      const revision = await ifMatchedRevision(c, id);
      if (revision instanceof Response) return revision;
      if (await deleteManagedMember(c.var.db, c.var.organization.id, id, revision)) {
        return c.json({ deleted: true as const, id });
      }
      // With If-Match, a member still there was changed since it was read.
      const remains =
        revision !== undefined && (await findManagedMember(c.var.db, c.var.organization.id, id));
      return remains ? memberChanged(c) : notFound(c);
    },
  )
  .all(MEMBER_PATH, methodNotAllowed(["GET", "HEAD", "PATCH", "DELETE"]))
  .get(
    `${MEMBER_PATH}/listing-history`,
    routeDocs.listingHistory,
    ...organizationsSecretKey,
    memberParam,
    async (c) => {
      const changes = await listingHistory(
        c.var.db,
        c.var.organization.id,
        Number(c.req.valid("param").member_id),
      );
      if (!changes) return notFound(c);
      return jsonWithETag(c, {
        data: changes.map((change) => ({
          listed: change.listed,
          changed_at: change.changedAt,
          source: change.source,
          key_id: change.keyId,
        })),
      });
    },
  )
  .all(`${MEMBER_PATH}/listing-history`, methodNotAllowed(["GET", "HEAD"]))
  .get(
    "/:organization_id/public-roster-settings",
    routeDocs.getPublicRosterSettings,
    ...organizationsSecretKey,
    async (c) => jsonWithETag(c, await readPublicRosterSettings(c.var.db, c.var.organization.id)),
  )
  .put(
    "/:organization_id/public-roster-settings",
    routeDocs.putPublicRosterSettings,
    ...organizationsSecretKey,
    requireJsonBody,
    validator("json", publicRosterSettingsBody, validationHook),
    async (c) =>
      c.json(
        await savePublicRosterSettings(
          c.var.db,
          c.var.organization.id,
          c.req.valid("json"),
          new Date(),
        ),
      ),
  )
  .all("/:organization_id/public-roster-settings", methodNotAllowed(["GET", "HEAD", "PUT"]));
