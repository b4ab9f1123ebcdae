import { and, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.ts";
import {
  certificationReminders,
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
 * src/webhooks/dispatch.ts then hands it to the queue.
 */

// 12 random bytes, as random-id's 20 symbols are: "evt_" and 24 hex digits in SQL.
const SQL_EVENT_ID = sql<string>`'evt_' || lower(hex(randomblob(12)))`;

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

/**
 * The mentors due a certification reminder at `now`, with the threshold it
 * is for: the smallest of `thresholds` at or above their days until expiry
 * (so a mentor added 5 days before expiry gets the 7-day reminder only), for
 * mentors neither paused nor expired by hand, not yet reminded at that
 * threshold or a smaller one for this expiry date.
 */
function dueReminders(db: Database, nowIso: string, thresholds: readonly number[]) {
  const today = nowIso.slice(0, 10);
  const horizon = Math.max(...thresholds) + 1;
  const days = sql<number>`CAST(julianday(substr(${peerMentors.certificationExpiryDate}, 1, 10)) - julianday(${today}) AS INTEGER)`;
  const candidates = db
    .select({
      mentorId: peerMentors.mentorId,
      organizationId: peerMentors.organizationId,
      expiry: sql<string>`${peerMentors.certificationExpiryDate}`.as("expiry"),
      days: days.as("days"),
      threshold:
        sql<number>`(SELECT min(value) FROM json_each(${JSON.stringify(thresholds)}) WHERE value >= ${days})`.as(
          "threshold",
        ),
    })
    .from(peerMentors)
    .where(
      and(
        eq(peerMentors.isPaused, false),
        eq(peerMentors.isManuallyExpired, false),
        // Not yet expired, and within the largest threshold: the expiry index's range.
        sql`${peerMentors.certificationExpiryDate} > ${nowIso}`,
        sql`${peerMentors.certificationExpiryDate} < date(${today}, ${`+${String(horizon)} days`})`,
      ),
    )
    .as("candidates");
  const notYetReminded = sql`NOT EXISTS (SELECT 1 FROM ${certificationReminders} r
    WHERE r.mentor_id = ${candidates.mentorId}
      AND r.certification_expiry_date = ${candidates.expiry}
      AND r.threshold_days <= ${candidates.threshold})`;
  return { candidates, due: and(sql`${candidates.threshold} IS NOT NULL`, notYetReminded) };
}

/**
 * The cron's reminders: the due mentors' `certification_expiring` events,
 * then the record that they were sent. One batch, in this order, so the
 * second statement sees the same due mentors as the first.
 */
export function certificationReminderStatements(
  db: Database,
  nowIso: string,
  thresholds: readonly number[],
) {
  const { candidates, due } = dueReminders(db, nowIso, thresholds);
  const data = sql<string>`json_object(
    'mentor_id', ${candidates.mentorId}, 'org_id', ${organizations.publicId},
    'certification_expiry_date', ${candidates.expiry},
    'days_until_expiry', ${candidates.days}, 'threshold_days', ${candidates.threshold})`;
  const events = db
    .insert(webhookEvents)
    .select(
      db
        .select(
          outboxColumns({
            organizationId: candidates.organizationId,
            mentorId: candidates.mentorId,
            type: "peer_mentor.certification_expiring",
            data,
            nowIso,
          }),
        )
        .from(candidates)
        .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
        .where(due),
    )
    .returning({ eventId: webhookEvents.eventId });
  const sent = db.insert(certificationReminders).select(
    db
      .select({
        mentorId: candidates.mentorId,
        certificationExpiryDate: candidates.expiry,
        thresholdDays: sql<number>`${candidates.threshold}`.as("threshold_days"),
      })
      .from(candidates)
      .where(due),
  );
  return [events, sent] as const;
}
