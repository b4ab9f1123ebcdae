import { describeRoute } from "hono-openapi";
import {
  authenticated,
  conditionalWrite,
  errorResponses,
  idempotentCreate,
  jsonResponse,
  notModified,
} from "../../http/openapi.ts";
import {
  listingHistorySchema,
  managedMemberSchema,
  memberDeletedSchema,
  PERSON_FIELDS,
} from "./schemas.ts";
import { publicRosterSettingsSchema } from "../public/settings.ts";

/* The OpenAPI description of each managed roster route (./routes.ts). */

const TAGS = ["Peer supporters (v2)"];

export const createMember = describeRoute({
  summary: "Add a peer supporter",
  description:
    "Creates a new person and their membership with the `peer_supporter` role. An existing person is never attached by id, so no organization can put another's person on its page. `status` defaults to `pending`, `listed` to true.",
  tags: TAGS,
  ...idempotentCreate,
  responses: {
    201: jsonResponse("The managed record", managedMemberSchema, undefined, ["ETag", "Location"]),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

export const getMember = describeRoute({
  summary: "Get one managed peer supporter",
  description:
    "The spec's peer supporter object plus `listed`, `topics`, `mentor_id`, and whether the public roster shows the member (`visible_publicly`, `hidden_reasons`).",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The managed record", managedMemberSchema),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

export const updateMember = describeRoute({
  summary: "Change a managed peer supporter",
  description: `Any of POST's fields. The person's own fields (${PERSON_FIELDS.map((f) => `\`${f}\``).join(", ")}) change only while the person belongs to no other organization: otherwise 409 and nothing changes. A change of \`listed\` is kept in the listing history with this key's id.`,
  tags: TAGS,
  ...conditionalWrite,
  responses: {
    200: jsonResponse("The managed record", managedMemberSchema, undefined, ["ETag"]),
    ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 429),
  },
});

export const deleteMember = describeRoute({
  summary: "Remove a peer supporter",
  description:
    "Removes the membership, its roles, listing history and search index entry; the person's own record too when no other organization or platform profile uses it.",
  tags: TAGS,
  ...conditionalWrite,
  responses: {
    200: jsonResponse("Removed", memberDeletedSchema, { deleted: true, id: 812 }),
    ...errorResponses(401, 403, 404, 412, 413, 429),
  },
});

export const listingHistory = describeRoute({
  summary: "When the person was listed and unlisted, newest first",
  description:
    "Every change of `listed`, with its time and the id of the key that made it (`api`) or `import`; a member's first entry is their choice when added.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("Listing changes", listingHistorySchema),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

export const getPublicRosterSettings = describeRoute({
  summary: "What the public roster shows",
  description:
    "Which optional fields the public projection (publishable keys) carries, and where a hosted profile page's contact link goes. Until saved: `show_recovery_status` false, `show_motivation` true, `contact_url` null.",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The settings", publicRosterSettingsSchema),
    ...notModified,
    ...errorResponses(401, 403, 404, 429),
  },
});

export const putPublicRosterSettings = describeRoute({
  summary: "Choose what the public roster shows",
  description:
    "The whole setting: a field left out takes its default. Public pages show the change within the public roster's cache max-age (`PUBLIC_ROSTER_MAX_AGE`).",
  tags: TAGS,
  ...authenticated,
  responses: {
    200: jsonResponse("The settings", publicRosterSettingsSchema),
    ...errorResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

/** Each route's description, as ./routes.ts chains it (`#route-docs/…` in package.json). */
export default {
  createMember,
  getMember,
  updateMember,
  deleteMember,
  listingHistory,
  getPublicRosterSettings,
  putPublicRosterSettings,
};
