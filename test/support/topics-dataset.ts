import { loadDataset } from "./helpers.ts";

/*
 * Two organizations whose members carry topics spelled several ways, as
 * organization labels and as platform interests, with members the public
 * roster must never show (pending, unlisted) carrying the same topics.
 */

export const TOPICS_ORGANIZATION = { id: 7, publicId: "org_topics7" };
export const NEIGHBOUR_ORGANIZATION = { id: 8, publicId: "org_topics8" };

const user = (id: number, first_name: string) => ({
  id,
  first_name,
  last_name: "Hemmelig",
  time_zone: "Europe/Oslo",
});

const member = (
  id: number,
  topics: string[],
  extra: { status?: "pending" | "approved"; listed?: boolean; organization_id?: number } = {},
) => ({
  id,
  organization_id: TOPICS_ORGANIZATION.id,
  user_id: id,
  roles: ["peer_supporter"],
  bio: `Bio of ${String(id)}`,
  status: "approved" as const,
  topics,
  ...extra,
});

const profile = (id: number, status: "active" | "closed") => ({
  id: id + 10_000,
  user_id: id,
  organization_id: null,
  status,
});

export const topicsDataset = {
  organizations: [
    { id: 7, public_id: TOPICS_ORGANIZATION.publicId, name: "Tema & <Sorg>" },
    { id: 8, public_id: NEIGHBOUR_ORGANIZATION.publicId, name: "Naboen" },
  ],
  users: [
    user(701, "Ada"),
    user(702, "Bo"),
    user(703, "Cia"),
    user(704, "Dag"),
    user(705, "Eli"),
    user(706, "Fin"),
    user(707, "Gro"),
    user(801, "Hal"),
  ],
  preferences: [
    { user_id: 701, peer_support_interests: ["Angst"], availability: true },
    { user_id: 705, peer_support_interests: ["ptsd", "Ærlighet"], availability: false },
    // A closed profile: neither its interests nor its availability count.
    { user_id: 706, peer_support_interests: ["PTSD"], availability: true },
    { user_id: 707, peer_support_interests: ["SORG"], availability: true },
    { user_id: 703, peer_support_interests: ["Hemmelig"], availability: true },
  ],
  organization_members: [
    member(701, ["PTSD", "Sorg"]),
    member(702, ["ptsd"]),
    member(703, ["PTSD", "Skjult"], { status: "pending" }),
    member(704, ["PTSD", "Skjult"], { listed: false }),
    member(705, []),
    member(706, ["ÆRLIGHET"]),
    member(707, ["Sorg"]),
    member(801, ["PTSD", "Nabo"], { organization_id: NEIGHBOUR_ORGANIZATION.id }),
  ],
  peer_supporters: [
    profile(701, "active"),
    profile(703, "active"),
    profile(705, "active"),
    profile(706, "closed"),
    profile(707, "active"),
  ],
};

export const loadTopicsDataset = () => loadDataset(topicsDataset);
