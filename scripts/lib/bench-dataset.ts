import { isoSeconds } from "../../src/lib/time.ts";

/*
 * The benchmark's dataset, in the import format: 101 organizations, 80,000
 * organization members (organization 1000 has 5,000 peer supporters,
 * organization 1100 has 50,000), platform profiles for a third of the users,
 * and 100,000 peer mentors whose expiry dates spread from two years back to
 * two years ahead. Deterministic.
 */

export const BIG_ORGANIZATION = { id: 1000, publicId: "org_bench0" };
export const LARGE_ORGANIZATION = { id: 1100, publicId: "org_benchlarge" };
export const ORGANIZATIONS = 100;
const BIG_ORGANIZATION_SUPPORTERS = 5_000;
const LARGE_ORGANIZATION_SUPPORTERS = 50_000;
const OTHER_MEMBERS = 25_000;
const MEMBERS = BIG_ORGANIZATION_SUPPORTERS + LARGE_ORGANIZATION_SUPPORTERS + OTHER_MEMBERS;
/**
 * A last name the generator never picks, given to 20 supporters of each of the
 * two big organizations: a search whose matches stay the same while the
 * roster grows tenfold.
 */
export const RARE_LAST_NAME = "Sølvberg";
const RARE_NAME_HOLDERS = 20;
const MENTORS = 100_000;
const DAY_MS = 86_400_000;

const FIRST = [
  "Øyvind",
  "Åse",
  "Kari",
  "Ole",
  "Ingrid",
  "Bjørn",
  "Sofie",
  "Jane",
  "Sam",
  "Priya",
  "Tom",
  "Maria",
  "Ærling",
  "Liv",
  "Nora",
  "Emma",
  "Lars",
  "Sigrid",
  "James",
  "Olivia",
];
const LAST = [
  "Åsheim",
  "Øverland",
  "Nordmann",
  "Hansen",
  "Berg",
  "Ærdal",
  "Doe",
  "Lee",
  "Patel",
  "O'Brien",
  "García",
  "Lie",
  "Moe",
  "Strand",
  "Smith",
  "Johnson",
  "Brown",
  "Dahl",
  "Haugen",
  "Bakken",
];
const WORDS = [
  "likeperson",
  "peer",
  "support",
  "grief",
  "recovery",
  "hørselstap",
  "pårørende",
  "mental",
  "health",
  "group",
  "walks",
  "family",
  "trauma",
  "listening",
];

/** A small deterministic PRNG (mulberry32), so every run loads the same data. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const LINKED_MENTOR_EVERY = 5;
const mentorId = (i: number) => `mentor_bench${String(i).padStart(6, "0")}`;

export function benchDataset(today: Date) {
  const next = random(20_261_122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const organizations = [
    ...Array.from({ length: ORGANIZATIONS }, (_, i) => ({
      id: BIG_ORGANIZATION.id + i,
      public_id: `org_bench${i}`,
      name: `Benchmark organization ${i}`,
    })),
    {
      id: LARGE_ORGANIZATION.id,
      public_id: LARGE_ORGANIZATION.publicId,
      name: "Large organization",
    },
  ];
  // Members 0-4,999 form the big organization, 5,000-54,999 the large one; the rest spread over the other 99.
  const organizationOf = (i: number) =>
    i < BIG_ORGANIZATION_SUPPORTERS
      ? BIG_ORGANIZATION.id
      : i < BIG_ORGANIZATION_SUPPORTERS + LARGE_ORGANIZATION_SUPPORTERS
        ? LARGE_ORGANIZATION.id
        : BIG_ORGANIZATION.id + 1 + (i % (ORGANIZATIONS - 1));
  const holdsRareName = (i: number) =>
    i < BIG_ORGANIZATION_SUPPORTERS
      ? i % (BIG_ORGANIZATION_SUPPORTERS / RARE_NAME_HOLDERS) === 7
      : i < BIG_ORGANIZATION_SUPPORTERS + LARGE_ORGANIZATION_SUPPORTERS &&
        (i - BIG_ORGANIZATION_SUPPORTERS) % (LARGE_ORGANIZATION_SUPPORTERS / RARE_NAME_HOLDERS) ===
          7;
  const users = Array.from({ length: MEMBERS }, (_, i) => ({
    id: 100_000 + i,
    first_name: pick(FIRST),
    last_name: holdsRareName(i) ? RARE_LAST_NAME : pick(LAST),
    time_zone: next() < 0.7 ? "Europe/Oslo" : "America/New_York",
    about: `Platform bio ${i}`,
    avatar: next() < 0.5 ? `${100_000 + i}.png` : null,
  }));
  const organization_members = users.map((user, i) => ({
    id: 200_000 + i,
    organization_id: organizationOf(i),
    user_id: user.id,
    roles:
      i < BIG_ORGANIZATION_SUPPORTERS + LARGE_ORGANIZATION_SUPPORTERS || next() < 0.8
        ? ["peer_supporter"]
        : ["admin"],
    bio: Array.from({ length: 8 }, () => pick(WORDS)).join(" "),
    motivation: null,
    recovery_status: null,
    status: next() < 0.9 ? "approved" : "pending",
    rating: Math.round(next() * 50) / 10,
    feedback_count: Math.floor(next() * 100),
    topics: [WORDS[i % WORDS.length] ?? "peer"],
    // Every fifth supporter of the big organization is one of its registry mentors (those
    // are mentors 0, 100, 200, …), so the public roster's certification check has work to do.
    mentor_id:
      i < BIG_ORGANIZATION_SUPPORTERS && i % LINKED_MENTOR_EVERY === 0
        ? mentorId((i / LINKED_MENTOR_EVERY) * ORGANIZATIONS)
        : null,
  }));
  const profiled = users.filter((_, i) => i % 3 === 0);
  const peer_supporters = profiled.map((user, i) => ({
    id: 300_000 + i,
    user_id: user.id,
    organization_id: null,
    status: next() < 0.9 ? "active" : "closed",
    rating: Math.round(next() * 50) / 10,
    ratings_count: Math.floor(next() * 200),
  }));
  const preferences = profiled.map((user) => ({
    user_id: user.id,
    peer_support_interests: [pick(WORDS), pick(WORDS)],
    availability: next() < 0.5,
    greetings: "Hei!",
    motivation: null,
    recovery_status: null,
  }));
  const peer_mentors = Array.from({ length: MENTORS }, (_, i) => ({
    mentor_id: mentorId(i),
    org_id: `org_bench${i % ORGANIZATIONS}`,
    full_name: `${pick(FIRST)} ${pick(LAST)}`,
    email: `mentor${i}@bench.no`,
    is_paused: next() < 0.05,
    certification_expiry_date: isoSeconds(
      new Date(today.getTime() + Math.floor((next() * 2 - 1) * 730 * DAY_MS)),
    ),
  }));
  return { organizations, users, preferences, organization_members, peer_supporters, peer_mentors };
}

/**
 * A share of the dataset for the import's growth: every organization, the
 * first `share` of the members (with their users, profiles and preferences),
 * and every mentor whose number divides by 1/`share`, which keeps each linked
 * mentor (a multiple of ORGANIZATIONS) in.
 */
export function datasetShare(dataset: ReturnType<typeof benchDataset>, share: number) {
  const members = dataset.organization_members.slice(0, Math.round(MEMBERS * share));
  const userIds = new Set(members.map((member) => member.user_id));
  const every = Math.round(1 / share);
  return {
    ...dataset,
    users: dataset.users.filter((user) => userIds.has(user.id)),
    organization_members: members,
    peer_supporters: dataset.peer_supporters.filter((p) => userIds.has(p.user_id)),
    preferences: dataset.preferences.filter((p) => userIds.has(p.user_id)),
    peer_mentors: dataset.peer_mentors.filter((_, i) => i % every === 0),
  };
}
