import * as z from "zod";
import { parsePageNumber, parsePageSize } from "../../http/pagination.ts";
import {
  documentedAs,
  firstValue,
  pageParameter,
  pageSizeParameter,
  searchTerm,
} from "../../http/query-params.ts";
import { MAX_TOPIC_FILTER_LENGTH, MAX_TOPICS } from "./fields.ts";
import { availableParameter, topicParameter } from "../topics/filter.ts";

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

const searchDescription =
  'Case-insensitive substring of the name as shown (`full_name`: first name and last initial, "Bjørn Æ."), the last name or the bio (with a publishable key: the name as shown or the bio; the rest of the last name is not public), across all of Unicode. Trimmed; blank means no filter; over 200 characters (code points) is a 400.';

/** Query of the v2 list: paging never fails (bad values fall back), only an over-long search does. */
export const listPeerSupportersQuery = z
  .object({
    q: documentedAs(searchTerm, { type: "string", maxLength: 200, description: searchDescription }),
    search: documentedAs(searchTerm, {
      type: "string",
      maxLength: 200,
      description: `Another name for \`q\`; \`q\` wins. ${searchDescription}`,
    }),
    topic: documentedAs(topicParameter, {
      type: "array",
      items: { type: "string", maxLength: MAX_TOPIC_FILTER_LENGTH },
      maxItems: MAX_TOPICS,
      description:
        "Repeatable (`topic=PTSD&topic=Grief`): members carrying any of these topics, among the organization's topic labels on the member and the interests of their active platform-level profile, compared as `q` compares (case-insensitively, across Unicode). Trimmed; blank values are ignored; a topic over the label length limit, or more different topics than a member can carry, is a 400. `GET /api/v2/organizations/{organization_id}/topics` lists them.",
    }),
    available: documentedAs(availableParameter, {
      type: "string",
      enum: ["true"],
      description:
        "`true`: only members whose active platform-level profile says they are available (the public projection's `available`). Left out or blank: no filter; any other value is a 400.",
    }),
    page: pageParameter,
    items: pageSizeParameter("Supporters", { fallback: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }),
    // Read by the authentication middleware; documented here, with the other parameters.
    key: documentedAs(firstValue, {
      type: "string",
      pattern: "^prt_pk_[A-Za-z0-9_-]{43}$",
      description:
        "A publishable key (`prt_pk_…`), instead of the Authorization header: for web pages, where the URL is what shared caches key on. Secret keys are refused here (400).",
    }),
  })
  .transform(({ q, search, topic, available, page, items }) => ({
    search: q ?? search,
    filters: { topics: topic, available },
    page: parsePageNumber(page),
    items: parsePageSize(items, { fallback: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }),
  }));
export type RosterQuery = z.output<typeof listPeerSupportersQuery>;

const preferenceSchema = z.strictObject({
  peer_support_interests: z.array(z.string()),
  availability: z.boolean(),
  greetings: z.string().nullable(),
  motivation: z.string().nullable(),
  recovery_status: z.string().nullable(),
});

const independentPeerSupporterSchema = z.strictObject({
  about: z.string().nullable(),
  rating: z.number(),
  ratings_count: z.number().int(),
  preference: preferenceSchema,
});

/** One entry of the roster, as the spec's "Peer supporter object" table describes it. */
export const peerSupporterSchema = z.strictObject({
  id: z.number().int(),
  user_id: z.number().int(),
  first_name: z.string(),
  last_name: z.string().nullable(),
  full_name: z.string(),
  bio: z.string().nullable(),
  motivation: z.string().nullable(),
  recovery_status: z.string().nullable(),
  time_zone: z.string(),
  profile_image_url: z.string(),
  profile_image_thumb_url: z.string(),
  status: z.enum(["pending", "approved"]),
  rating: z.number(),
  feedback_count: z.number().int(),
  is_independent_peer_supporter: z.boolean(),
  independent_peer_supporter: independentPeerSupporterSchema.nullable(),
});
export type PeerSupporter = z.output<typeof peerSupporterSchema>;

export const rosterPageSchema = z.strictObject({
  current_page: z.number().int(),
  items: z.number().int(),
  total_items: z.number().int(),
  total_pages: z.number().int(),
  peer_supporters: z.array(peerSupporterSchema),
});

/**
 * One entry of the public roster (publishable keys): only what an
 * organization's page shows. `motivation` and `recovery_status` are present
 * only where the organization's public roster settings include them.
 */
const publicPeerSupporterSchema = z
  .strictObject({
    id: z.number().int(),
    full_name: z
      .string()
      .meta({ description: "First name and the last name's initial: `Jane D.`" }),
    bio: z.string().nullable(),
    motivation: z.string().nullable().optional().meta({
      description: "Only when the organization's `show_motivation` is on (the default).",
    }),
    recovery_status: z.string().nullable().optional().meta({
      description:
        "Health-related: only when the organization has turned `show_recovery_status` on (off by default).",
    }),
    profile_image_url: z
      .string()
      .nullable()
      .meta({ description: "null for a member without a picture (show initials)." }),
    profile_image_thumb_url: z.string().nullable(),
    topics: z.array(z.string()).meta({ description: "The organization's topic labels." }),
    interests: z.array(z.string()).meta({
      description:
        "Platform-level peer support interests; empty without an active platform profile.",
    }),
    greeting: z.string().nullable(),
    available: z.boolean(),
  })
  .meta({ id: "PublicPeerSupporter" });
export type PublicPeerSupporter = z.output<typeof publicPeerSupporterSchema>;

export const publicRosterPageSchema = z
  .strictObject({
    current_page: z.number().int(),
    items: z.number().int(),
    total_items: z.number().int(),
    total_pages: z.number().int(),
    peer_supporters: z.array(publicPeerSupporterSchema),
  })
  .meta({ id: "PublicRosterPage" });

export const organizationIdParam = z.object({
  organization_id: z
    .string()
    .regex(/^[0-9]+$/, { message: "must be a number" })
    .meta({ description: "The organization's numeric id (the key's own organization)." }),
});
