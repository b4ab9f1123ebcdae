import { createMiddleware } from "hono/factory";
import type { AuthVariables } from "../../auth/middleware.ts";
import { logFailure } from "../../outbox/enqueue.ts";

/*
 * When an organization's public roster last changed, kept in KV (not D1) so
 * that a read can ask while D1 is down: the edge cache's stale copy of a
 * public read (edge-cache.ts readThroughCache) is answered through a D1
 * outage only if it was loaded after the last change, so no deleted, hidden,
 * unapproved or erased member and no switched-off field comes back from it.
 * Every write that can change the roster marks it after it commits: the
 * secret-key writes (markRosterChangesOfWrites), the hourly status refresh,
 * npm run erase and the import.
 */

const changedAtKey = (organizationId: number) => `v1:roster-changed:${String(organizationId)}`;

/**
 * KV takes one write a second per key: a mark is dated that much ahead, so a
 * write whose own mark is refused as too soon after another's is covered by it.
 */
const KV_WRITE_INTERVAL_MS = 1_000;

/** Marks the organizations' rosters changed now (epoch ms); a failed put is logged, not thrown. */
export async function markRosterChanged(kv: KVNamespace, organizationIds: Iterable<number>) {
  const now = String(Date.now() + KV_WRITE_INTERVAL_MS);
  await Promise.all(
    [...new Set(organizationIds)].map(async (id) => {
      try {
        await kv.put(changedAtKey(id), now);
      } catch (error) {
        logFailure("roster_change_mark_failed", { organization_id: id }, error);
      }
    }),
  );
}

/** When the roster last changed (epoch ms), 0 when never marked; throws when KV cannot answer. */
export async function rosterChangedAt(kv: KVNamespace, organizationId: number): Promise<number> {
  return Number((await kv.get(changedAtKey(organizationId))) ?? 0);
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * After every secret-key write of an organization, whatever it answered (a
 * 5xx may have committed), marks its roster changed; after the response, so
 * the write waits for nothing.
 */
export const markRosterChangesOfWrites = createMiddleware<{
  Bindings: Env;
  Variables: Pick<AuthVariables, "organization">;
}>(async (c, next) => {
  await next();
  if (READS.has(c.req.method)) return;
  c.executionCtx.waitUntil(markRosterChanged(c.env.TOKENS, [c.var.organization.id]));
});
