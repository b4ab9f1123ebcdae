import type { Context } from "hono";
import { findOrganization } from "../organizations/queries.ts";
import { publicRosterPage, type PublicRosterPage } from "../peer-supporters/public/page.ts";
import { publicFieldsStatement } from "../peer-supporters/public/settings.ts";
import {
  readThroughCache,
  rosterCacheKey,
  topicsCacheKey,
  type CachedRead,
} from "../peer-supporters/public/edge-cache.ts";
import type { AppEnv } from "../app-env.ts";
import type { RosterQuery } from "../peer-supporters/roster/schemas.ts";
import { listTopics, type Topics } from "../peer-supporters/topics/queries.ts";

/*
 * What a hosted page is built from, through the edge cache entries the JSON
 * routes use: a JSON read of the roster warms the hosted page, and the other
 * way round. Only the organization's name and contact URL are an entry of
 * the pages' own.
 */

type Reads<T> = { value: T; reads: CachedRead[] };

async function cachedValue<T>(c: Context<AppEnv>, key: string, load: () => Promise<T>) {
  const read = await readThroughCache(c, key, load);
  // An isolate's copy is parsed once: the pages only read the value.
  const value: unknown = read.copy
    ? (read.copy.parsed ??= JSON.parse(read.body))
    : JSON.parse(read.body);
  return { value: value as T, read };
}

const organizationCacheKey = (requestUrl: string, organizationId: number) =>
  new URL(`/o/${String(organizationId)}/organization`, requestUrl).href;

// contactUrl is optional: an entry cached before it existed holds the name alone.
type OrganizationEntry = { name: string; contactUrl?: string | null };

async function organizationEntry(c: Context<AppEnv>, organizationId: number) {
  return cachedValue<OrganizationEntry>(
    c,
    organizationCacheKey(c.req.url, organizationId),
    async () => {
      const [organization, [settings]] = await Promise.all([
        findOrganization(c.var.db, String(organizationId)),
        publicFieldsStatement(c.var.db, organizationId),
      ]);
      return { name: organization?.name ?? "", contactUrl: settings?.contactUrl ?? null };
    },
  );
}

/** The roster page (one member's, with `memberId`), the topics, the organization's name and contact URL. */
export async function hostedPageData(
  c: Context<AppEnv>,
  organizationId: number,
  query: RosterQuery,
  memberId?: number,
): Promise<
  Reads<{
    organizationName: string;
    contactUrl: string | null;
    topics: Topics["data"];
    page: PublicRosterPage;
  }>
> {
  const rosterKey = rosterCacheKey(c.req.url, organizationId, query);
  const [page, topics, organization] = await Promise.all([
    cachedValue(
      c,
      memberId === undefined ? rosterKey : `${rosterKey}&member=${String(memberId)}`,
      () => publicRosterPage(c.var.db, c.env, organizationId, query, memberId),
    ),
    memberId === undefined
      ? cachedValue(c, topicsCacheKey(c.req.url, organizationId), () =>
          listTopics(c.var.db, organizationId, new Date()),
        )
      : undefined,
    organizationEntry(c, organizationId),
  ]);
  return {
    value: {
      organizationName: organization.value.name,
      contactUrl: organization.value.contactUrl ?? null,
      topics: topics?.value.data ?? [],
      page: page.value,
    },
    reads: [page.read, organization.read, ...(topics ? [topics.read] : [])],
  };
}
