import type { Database } from "../../db/client.ts";
import { pageCount, pageOffset } from "../../http/pagination.ts";
import { avatarSettings } from "../roster/avatars.ts";
import { listPublicPeerSupporters } from "../roster/queries.ts";
import type { RosterQuery } from "../roster/schemas.ts";
import { serializePublicSupporter } from "../roster/serialize.ts";

/** The spec's paging envelope around one page of entries. */
export function rosterEnvelope<T>({ page, items }: RosterQuery, total: number, entries: T[]) {
  return {
    current_page: page,
    items,
    total_items: total,
    total_pages: pageCount(total, items),
    peer_supporters: entries,
  };
}

/** The query's search, filters and page as the roster queries take them. */
export function listOptions(organizationId: number, { search, filters, page, items }: RosterQuery) {
  return { organizationId, search, filters, limit: items, offset: pageOffset(page, items) };
}

/**
 * The public roster's page: the spec's envelope around the public
 * projection. The JSON route and the hosted pages both answer from it (and
 * from the one edge cache entry it is kept in), `memberId` narrowing it to
 * one supporter for a profile page.
 */
export async function publicRosterPage(
  db: Database,
  env: Env,
  organizationId: number,
  query: RosterQuery,
  memberId?: number,
) {
  const { rows, total, fields } = await listPublicPeerSupporters(db, {
    ...listOptions(organizationId, query),
    memberId,
    publicAt: new Date(),
  });
  const avatars = avatarSettings(env);
  return rosterEnvelope(
    query,
    total,
    rows.map((row) => serializePublicSupporter(row, avatars, fields)),
  );
}

export type PublicRosterPage = Awaited<ReturnType<typeof publicRosterPage>>;
