import { sql } from "drizzle-orm";
import { randomId } from "../lib/random-id.ts";

/*
 * Revisions (peer_mentors.revision, organization_members.revision): a random
 * token that every write of the row replaces. A write names the token it
 * read in its WHERE, so it lands only on the row it was computed from (no
 * lost update, and If-Match); a retried write that finds its own new token
 * knows its first try committed.
 */

export const newRevision = () => randomId("", 16);

/** A fresh token per row, for set-based writes. */
export const SQL_NEW_REVISION = sql<string>`lower(hex(randomblob(10)))`;
