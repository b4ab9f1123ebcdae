import { sql } from "drizzle-orm";

/*
 * The outbox's webhook events. Each event row goes into the same D1 batch as
 * the change that caused it, so an event exists exactly when its change
 * does (status changes: src/peer-mentors/writes/status-change-statements.ts;
 * reminders: src/jobs/certification-reminders.ts); ./webhook-dispatch.ts
 * then hands it to the queue. Each event's `data` has its schema in
 * ./event-data.ts.
 */

// 12 random bytes, as random-id's 20 symbols are: "evt_" and 24 hex digits in SQL.
export const SQL_EVENT_ID = sql<string>`'evt_' || lower(hex(randomblob(12)))`;
