import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations } from "./organizations.ts";

/**
 * The POSTs sent with an `Idempotency-Key`, per organization: claimed before
 * the request runs, then holding its response, which a repeat with the same
 * key and body gets again (src/http/idempotency.ts). Pruned by the cron.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** SHA-256 of the method, path and body: the same key with another request is refused. */
    fingerprint: text("fingerprint").notNull(),
    /** The random id of the request that holds the key while it runs. */
    claim: text("claim").notNull(),
    /** Null while the first request runs. */
    responseStatus: integer("response_status"),
    /** The replayed headers (Content-Type, Location, ETag) as a JSON object. */
    responseHeaders: text("response_headers"),
    responseBody: text("response_body"),
    /**
     * What the request reserved for the record it creates (its ids), as a JSON
     * object, written in the same batch as the reservation: a retry after a 5xx
     * whose write may have committed creates the same record, not a second one.
     */
    createdRecord: text("created_record"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.key] }),
    index("idempotency_keys_created_idx").on(table.createdAt),
  ],
);
