import { Hono, type Context } from "hono";
import { validator } from "#validator";
import type { AppEnv } from "../../app-env.ts";
import routeDocs from "#route-docs/peer-supporters/manage";
import { ApiError, methodNotAllowed, notFound, validationHook } from "../../http/errors.ts";
import {
  ifMatchAdmits,
  ifMatchOf,
  jsonWithETag,
  preconditionFailed,
  strongETag,
} from "../../http/etag.ts";
import { idempotencyKey } from "../../http/idempotency.ts";
import { requireJsonBody } from "../../http/json-body.ts";
import {
  deleteManagedMember,
  findManagedMember,
  listingHistory,
  updateManagedMember,
  type Actor,
} from "./queries.ts";
import { createMemberBody, memberIdParam, PERSON_FIELDS, updateMemberBody } from "./schemas.ts";
import {
  publicRosterSettingsBody,
  readPublicRosterSettings,
  savePublicRosterSettings,
} from "../public/settings.ts";
import { rosterManageAccess } from "../organization-access.ts";
import { serializeManagedMember } from "../roster/serialize.ts";
import { avatarSettings } from "../roster/avatars.ts";
import { createManagedMember } from "./create-member.ts";
import { keyActor } from "../../peer-mentors/writes/change-mentor.ts";
import { changedBy } from "../../peer-mentors/serialize.ts";

const MEMBER_PATH = "/:organization_id/peer_supporters/:member_id";

const MEMBER = "Peer supporter";

// A member id that is not a number names no member: the same 404 as any other.
const memberParam = validator("param", memberIdParam, (result) => {
  if (!result.success) throw notFound(MEMBER);
});

const actorOf = (c: Context<AppEnv>): Actor => ({ by: keyActor(c.var.key), now: new Date() });

const memberChanged = () => preconditionFailed("The peer supporter");

/**
 * With If-Match: the member's revision if its current ETag is one the
 * client names, else 404 or 412 (thrown). Without: undefined.
 */
async function ifMatchedRevision(c: Context<AppEnv>, memberId: number) {
  const ifMatch = ifMatchOf(c);
  if (ifMatch === undefined) return undefined;
  const row = await findManagedMember(c.var.db, c.var.organization.id, memberId);
  if (!row) throw notFound(MEMBER);
  const current = await strongETag(
    JSON.stringify(serializeManagedMember(row, avatarSettings(c.env), new Date())),
  );
  if (!ifMatchAdmits(ifMatch, current)) throw memberChanged();
  return row.revision;
}

/** The managed roster (secret keys), mounted with the roster at /api/v2/organizations. */
export const managedRosterRoutes = new Hono<AppEnv>()
  .post(
    "/:organization_id/peer_supporters",
    routeDocs.createMember,
    ...rosterManageAccess,
    idempotencyKey,
    requireJsonBody,
    validator("json", createMemberBody, validationHook),
    async (c) => {
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
      return jsonWithETag(c, serializeManagedMember(row, avatarSettings(c.env), new Date()), 201);
    },
  )
  .get(MEMBER_PATH, routeDocs.getMember, ...rosterManageAccess, memberParam, async (c) => {
    const row = await findManagedMember(
      c.var.db,
      c.var.organization.id,
      Number(c.req.valid("param").member_id),
    );
    if (!row) throw notFound(MEMBER);
    return jsonWithETag(c, serializeManagedMember(row, avatarSettings(c.env), new Date()));
  })
  .patch(
    MEMBER_PATH,
    routeDocs.updateMember,
    ...rosterManageAccess,
    memberParam,
    requireJsonBody,
    validator("json", updateMemberBody, validationHook),
    async (c) => {
      const memberId = Number(c.req.valid("param").member_id);
      const revision = await ifMatchedRevision(c, memberId);
      const result = await updateManagedMember(
        c.var.db,
        c.var.organization.id,
        memberId,
        c.req.valid("json"),
        actorOf(c),
        revision,
      );
      if (result.outcome === "not_found") throw notFound(MEMBER);
      if (result.outcome === "changed") throw memberChanged();
      if (result.outcome === "shared") {
        throw new ApiError(
          409,
          `This person also belongs to another organization, so their own fields (${PERSON_FIELDS.join(", ")}) cannot be changed here; nothing was changed`,
        );
      }
      return jsonWithETag(c, serializeManagedMember(result.row, avatarSettings(c.env), new Date()));
    },
  )
  .delete(MEMBER_PATH, routeDocs.deleteMember, ...rosterManageAccess, memberParam, async (c) => {
    const id = Number(c.req.valid("param").member_id);
    const revision = await ifMatchedRevision(c, id);
    if (await deleteManagedMember(c.var.db, c.var.organization.id, id, revision)) {
      return c.json({ deleted: true as const, id });
    }
    // With If-Match, a member still there was changed since it was read.
    const remains =
      revision !== undefined && (await findManagedMember(c.var.db, c.var.organization.id, id));
    throw remains ? memberChanged() : notFound(MEMBER);
  })
  .all(MEMBER_PATH, methodNotAllowed(["GET", "HEAD", "PATCH", "DELETE"]))
  .get(
    `${MEMBER_PATH}/listing-history`,
    routeDocs.listingHistory,
    ...rosterManageAccess,
    memberParam,
    async (c) => {
      const changes = await listingHistory(
        c.var.db,
        c.var.organization.id,
        Number(c.req.valid("param").member_id),
      );
      if (!changes) throw notFound(MEMBER);
      return jsonWithETag(c, {
        data: changes.map((change) => ({
          listed: change.listed,
          changed_at: change.changedAt,
          source: change.source,
          key_id: change.keyId,
          changed_by: changedBy(change),
        })),
      });
    },
  )
  .all(`${MEMBER_PATH}/listing-history`, methodNotAllowed(["GET", "HEAD"]))
  .get(
    "/:organization_id/public-roster-settings",
    routeDocs.getPublicRosterSettings,
    ...rosterManageAccess,
    async (c) => jsonWithETag(c, await readPublicRosterSettings(c.var.db, c.var.organization.id)),
  )
  .put(
    "/:organization_id/public-roster-settings",
    routeDocs.putPublicRosterSettings,
    ...rosterManageAccess,
    requireJsonBody,
    validator("json", publicRosterSettingsBody, validationHook),
    async (c) =>
      c.json(
        await savePublicRosterSettings(c.var.db, c.var.organization.id, c.req.valid("json"), {
          now: new Date(),
          updatedBy: keyActor(c.var.key),
        }),
      ),
  )
  .all("/:organization_id/public-roster-settings", methodNotAllowed(["GET", "HEAD", "PUT"]));
