import type { Database } from "../db/client.ts";
import { deleteStaleChunks } from "../import/staged-write.ts";

/**
 * An import killed mid-way leaves its staged chunks (names, emails, bios)
 * in `import_chunks`; without this step they would stay until the next
 * import. Each run deletes those past STALE_AFTER_MS (src/import/staged-write.ts),
 * so personal data outlives a failed import by that plus one cron interval.
 */
export async function pruneImportChunks(db: Database, now: Date): Promise<void> {
  await deleteStaleChunks(db, now);
}
