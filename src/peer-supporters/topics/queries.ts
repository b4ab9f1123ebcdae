import { and, eq } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../db/client.ts";
import { organizationMembers } from "../../db/schema.ts";
import { foldForSearch } from "../../lib/fold.ts";
import { topicMembersStatement, topicSpellingsStatement, type TopicSpelling } from "./filter.ts";
import { publiclyVisible } from "../public/visibility.ts";

/** The topics route's body: what the widget offers as filter chips. */
export const topicsSchema = z
  .strictObject({
    data: z.array(
      z.strictObject({
        topic: z.string().meta({
          description:
            "The label as most of the members carrying it spell it (a tie: the first in Norwegian alphabetical order); send it as the roster's `topic`.",
        }),
        count: z.number().int().meta({
          description:
            "Publicly visible members carrying it (any spelling), the roster's `total_items` for this `topic` with a publishable key.",
        }),
      }),
    ),
  })
  .meta({ id: "Topics" });
export type Topics = z.output<typeof topicsSchema>;

const norwegian = new Intl.Collator("nb");

type TopicGroup = { key: string; spellings: TopicSpelling[] };

/** The spellings that fold alike, one group per topic. */
function groupByTopic(spellings: readonly TopicSpelling[]): TopicGroup[] {
  const groups = new Map<string, TopicSpelling[]>();
  for (const spelling of spellings) {
    const key = foldForSearch(spelling.spelling);
    groups.set(key, [...(groups.get(key) ?? []), spelling]);
  }
  return [...groups].map(([key, members]) => ({ key, spellings: members }));
}

/** The spelling most members use; a tie goes to the first in Norwegian order. */
function labelOf({ spellings }: TopicGroup): string {
  const [first] = spellings.toSorted(
    (a, b) => b.members - a.members || norwegian.compare(a.spelling, b.spelling),
  );
  return first?.spelling ?? "";
}

/**
 * The organization's topics with counts of the members the public roster
 * shows at `now`, most carried first, then in Norwegian alphabetical order.
 * One D1 round trip; a second only when some topic is spelled two ways, to
 * count a member carrying both spellings once.
 */
export async function listTopics(db: Database, organizationId: number, now: Date): Promise<Topics> {
  const visible = and(
    eq(organizationMembers.organizationId, organizationId),
    eq(organizationMembers.isPeerSupporter, true),
    publiclyVisible(now),
  );
  const groups = groupByTopic(await topicSpellingsStatement(db, visible));
  const spelledTwice = groups.filter((group) => group.spellings.length > 1);
  const counts = new Map(
    groups.map((group) => [group.key, group.spellings[0]?.members ?? 0] as const),
  );
  if (spelledTwice.length > 0) {
    const keyOfSpelling = Object.fromEntries(
      spelledTwice.flatMap((group) => group.spellings.map((s) => [s.spelling, group.key])),
    );
    for (const row of await topicMembersStatement(db, visible, keyOfSpelling)) {
      counts.set(row.topic, row.members);
    }
  }
  const data = groups.map((group) => ({
    topic: labelOf(group),
    count: counts.get(group.key) ?? 0,
  }));
  data.sort((a, b) => b.count - a.count || norwegian.compare(a.topic, b.topic));
  return { data };
}
