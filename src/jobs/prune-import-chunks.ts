import type { Database } from "../db/client.ts";
import { deleteStaleChunks } from "../import/staged-write.ts";

/**
 * An import killed mid-way leaves its staged chunks (names, emails, bios)
 * in `import_chunks`; without this step they would stay until the next
 * import. The hourly run deletes those older than an hour, so personal data
 * outlives a failed import by two hours at most.
 */
export async function pruneImportChunks(db: Database, now: Date): Promise<void> {
  await deleteStaleChunks(db, now);
}
