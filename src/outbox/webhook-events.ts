import { eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import {
  organizations,
  peerMentors,
  webhookEndpoints,
  webhookEvents,
  type MentorStatus,
  type WebhookEventType,
} from "../db/schema.ts";
import { randomId } from "../random-id.ts";

/*
 * The outbox's writes. Each event row goes into the same D1 batch as the
 * change that caused it, so an event exists exactly when its change does;
 * ./webhook-dispatch.ts then hands it to the queue. Each event's `data`
 * has its schema in ./event-data.ts.
 */

// 12 random bytes, as random-id's 20 symbols are: "evt_" and 24 hex digits in SQL.
export const SQL_EVENT_ID = sql<string>`'evt_' || lower(hex(randomblob(12)))`;

/**
 * The columns of outbox rows written by INSERT … SELECT, in the table's
 * order: a fresh id per row, the event's `type` and `data`, written at `nowIso`.
 */
function outboxColumns<T extends WebhookEventType>(columns: {
  organizationId: SQLiteColumn | SQL.Aliased<number>;
  mentorId: SQLiteColumn | SQL.Aliased<string>;
  type: T;
  data: SQL<string>;
  nowIso: string;
}) {
  return {
    eventId: SQL_EVENT_ID.as("event_id"),
    organizationId: columns.organizationId,
    mentorId: columns.mentorId,
    type: sql<T>`${columns.type}`.as("type"),
    data: columns.data.as("data"),
    createdAt: sql<string>`${columns.nowIso}`.as("created_at"),
    enqueuedAt: sql<null>`NULL`.as("enqueued_at"),
  };
}

export type StatusChange = {
  mentorId: string;
  organizationId: number;
  organizationPublicId: string;
  fromStatus: MentorStatus;
  toStatus: MentorStatus;
  source: "api" | "cron";
  reason: string | null;
  changedAt: string;
};

/**
 * The outbox row of one status change made through the API, and its id.
 * With no endpoint subscribed it is born enqueued: there is nothing to send.
 */
export function statusChangedEvent(db: Database, change: StatusChange) {
  const eventId = randomId("evt_", 20);
  const type = "peer_mentor.status_changed";
  const data = {
    mentor_id: change.mentorId,
    org_id: change.organizationPublicId,
    from_status: change.fromStatus,
    to_status: change.toStatus,
    source: change.source,
    changed_at: change.changedAt,
    ...(change.reason === null ? {} : { reason: change.reason }),
  };
  const subscribed = sql`EXISTS (SELECT 1 FROM ${webhookEndpoints}
    WHERE ${webhookEndpoints.organizationId} = ${change.organizationId}
      AND ${type} IN (SELECT value FROM json_each(${webhookEndpoints.events})))`;
  const insert = db
    .insert(webhookEvents)
    .values({
      eventId,
      organizationId: change.organizationId,
      mentorId: change.mentorId,
      type,
      data: JSON.stringify(data),
      createdAt: change.changedAt,
      enqueuedAt: sql`CASE WHEN ${subscribed} THEN NULL ELSE ${change.changedAt} END`,
    })
    .returning({ eventId: webhookEvents.eventId });
  return { eventId, insert };
}

/**
 * The cron's status changes as events, set-based: one row per mentor that
 * `stale` selects, with `derived` as the new status. Runs before the UPDATE
 * in the same batch, while the old status is still stored.
 */
export function cronStatusChangedEvents(
  db: Database,
  {
    stale,
    derived,
    nowIso,
  }: { stale: SQL | undefined; derived: SQL<MentorStatus>; nowIso: string },
) {
  const data = sql<string>`json_object(
    'mentor_id', ${peerMentors.mentorId}, 'org_id', ${organizations.publicId},
    'from_status', ${peerMentors.status}, 'to_status', ${derived},
    'source', 'cron', 'changed_at', ${nowIso})`;
  return db
    .insert(webhookEvents)
    .select(
      db
        .select(
          outboxColumns({
            organizationId: peerMentors.organizationId,
            mentorId: peerMentors.mentorId,
            type: "peer_mentor.status_changed",
            data,
            nowIso,
          }),
        )
        .from(peerMentors)
        .innerJoin(organizations, eq(organizations.id, peerMentors.organizationId))
        .where(stale),
    )
    .returning({ eventId: webhookEvents.eventId });
}
