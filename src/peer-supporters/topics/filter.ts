import { sql, type Placeholder, type SQL } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../db/client.ts";
import { organizationMembers, peerSupporters, preferences } from "../../db/schema.ts";
import { foldForSearch } from "../../lib/fold.ts";
import { codePointLength } from "../../lib/text-length.ts";
import { unsafeTextProblem } from "../../lib/safe-text.ts";
import { MAX_TOPIC_FILTER_LENGTH, MAX_TOPICS } from "../roster/fields.ts";

/*
 * The roster's `topic` and `available` filters. A member's topics are the
 * organization's labels on the membership plus, with an active platform-level
 * profile, its peer support interests: the same two lists the public
 * projection shows (src/peer-supporters/roster/serialize.ts). Labels are stored as
 * written; SQLite folds ASCII only, so the Worker folds the labels an
 * organization uses (topicSpellingsStatement) and asks the database for
 * the exact spellings that fold like the requested topics.
 */

/** `topic`, repeatable: folded (src/lib/fold.ts), blanks dropped, each once, sorted. */
export const topicParameter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .transform((values) => values.map((value) => value.trim()).filter((value) => value !== ""))
  .superRefine((values, ctx) => {
    for (const value of values) {
      const problem =
        unsafeTextProblem(value) ??
        (codePointLength(value) > MAX_TOPIC_FILTER_LENGTH
          ? `each topic must be at most ${MAX_TOPIC_FILTER_LENGTH} characters`
          : undefined);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
  })
  .transform((values) => [...new Set(values.map(foldForSearch))].sort())
  .refine((folded) => folded.length <= MAX_TOPICS, {
    message: `at most ${MAX_TOPICS} different topics`,
  });

/** `available`: `true` filters; absent or blank does not; anything else is a 400. */
export const availableParameter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined)
  .pipe(z.enum(["true"], { error: "must be true (or left out)" }).optional())
  .transform((value) => value === "true");

/** The member's user has an active platform-level profile: what makes interests and availability theirs. */
const hasActivePlatformProfile = sql`EXISTS (SELECT 1 FROM ${peerSupporters}
  WHERE ${peerSupporters.userId} = ${organizationMembers.userId}
    AND ${peerSupporters.organizationId} IS NULL AND ${peerSupporters.status} = 'active')`;

/** Members whose platform-level profile says they are available now. */
export function availableNow(): SQL {
  return sql`(${hasActivePlatformProfile} AND EXISTS (SELECT 1 FROM ${preferences}
    WHERE ${preferences.userId} = ${organizationMembers.userId} AND ${preferences.availability}))`;
}

/**
 * Members carrying any of `spellings` (exact stored labels) as a topic or a
 * platform interest; a placeholder is bound to the spellings' JSON array.
 */
export function carriesAnyTopic(spellings: readonly string[] | Placeholder): SQL {
  const list = Array.isArray(spellings) ? JSON.stringify(spellings) : spellings;
  const wanted = sql`(SELECT value FROM json_each(${list}))`;
  return sql`(EXISTS (SELECT 1 FROM json_each(${organizationMembers.topics}) WHERE value IN ${wanted})
    OR (${hasActivePlatformProfile} AND EXISTS (SELECT 1 FROM ${preferences},
      json_each(${preferences.peerSupportInterests}) AS interest
      WHERE ${preferences.userId} = ${organizationMembers.userId} AND interest.value IN ${wanted})))`;
}

/**
 * The (label, member) pairs of the peer supporters matching `inRoster`, the
 * labels spelled as stored: their topics, and the interests of those with an
 * active platform profile. A member carrying one spelling twice counts once.
 */
function labelsOfRoster(db: Database, inRoster: SQL | undefined): SQL {
  const roster = db
    .select({
      id: organizationMembers.id,
      userId: organizationMembers.userId,
      topics: organizationMembers.topics,
    })
    .from(organizationMembers)
    .where(inRoster);
  return sql`WITH roster AS ${roster}
    SELECT topic.value AS spelling, roster.id AS member_id
      FROM roster, json_each(roster.topics) AS topic
    UNION
    SELECT interest.value, roster.id
      FROM roster
      JOIN ${peerSupporters} ON ${peerSupporters.userId} = roster.user_id
        AND ${peerSupporters.organizationId} IS NULL AND ${peerSupporters.status} = 'active'
      JOIN ${preferences} ON ${preferences.userId} = roster.user_id,
      json_each(${preferences.peerSupportInterests}) AS interest`;
}

/** Every label the roster's members carry, as stored, with how many members carry it. */
export function topicSpellingsStatement(db: Database, inRoster: SQL | undefined) {
  return db.all<TopicSpelling>(
    sql`SELECT spelling, count(*) AS members FROM (${labelsOfRoster(db, inRoster)})
      GROUP BY spelling`,
  );
}

/**
 * How many members carry any spelling of each topic, for topics spelled more
 * than one way (`spellings` maps a stored spelling to its topic's key): a
 * member carrying two spellings of one topic counts once.
 */
export function topicMembersStatement(
  db: Database,
  inRoster: SQL | undefined,
  spellings: Record<string, string>,
) {
  return db.all<{ topic: string; members: number }>(
    sql`SELECT spelling_of.value AS topic, count(DISTINCT labels.member_id) AS members
      FROM (${labelsOfRoster(db, inRoster)}) AS labels
      JOIN json_each(${JSON.stringify(spellings)}) AS spelling_of ON spelling_of.key = labels.spelling
      GROUP BY spelling_of.value`,
  );
}

export type TopicSpelling = { spelling: string; members: number };

/** The stored spellings among `spellings` that fold like one of the `folded` topics. */
export function spellingsOf(folded: readonly string[], spellings: readonly TopicSpelling[]) {
  const wanted = new Set(folded);
  return spellings.map(({ spelling }) => spelling).filter((s) => wanted.has(foldForSearch(s)));
}
