import { eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import {
  organizations,
  peerMentorStatusChanges,
  peerMentors,
  webhookEndpoints,
  webhookEvents,
  type MentorStatus,
  type StatusChangeActor,
  type StatusChangeActorKind,
  type StatusChangeSource,
} from "../../db/schema.ts";
import { SQL_EVENT_ID } from "../../outbox/channels/webhook.ts";

/*
 * A status change is recorded the same way whoever makes it (a request, the
 * hourly refresh, the import): a history row and a `peer_mentor.status_changed`
 * event per mentor that `changing` selects, written by INSERT … SELECT before
 * the UPDATE in the same batch, while the old status is still stored. So the
 * history chains (its from_status is the stored status), and a batch run
 * twice records nothing twice once its UPDATE has landed.
 */

export type StatusChangeWrite = {
  /** Which mentors change: a condition on peer_mentors, true only before the UPDATE. */
  changing: SQL | undefined;
  /** Each one's new status, as SQL over its peer_mentors row. */
  toStatus: SQL<MentorStatus>;
  source: StatusChangeSource;
  /** Who made it, recorded in the history (not in the event). */
  actor: StatusChangeActor;
  reason?: string | null;
  nowIso: string;
  /** The event's id when one mentor changes and the caller needs it; else a random one per row. */
  eventId?: string;
  /** Rows joined to each mentor's (the import's staged records), for `changing` and `toStatus`. */
  joined?: { rows: SQL; on: SQL };
};

/** Whether the row's organization has an endpoint subscribed to status changes. */
const subscribed = sql`EXISTS (SELECT 1 FROM ${webhookEndpoints}
  WHERE ${webhookEndpoints.organizationId} = ${peerMentors.organizationId}
    AND 'peer_mentor.status_changed' IN (SELECT value FROM json_each(${webhookEndpoints.events})))`;

/** The history insert and the outbox insert (returning the event ids) of `write`. */
export function statusChangeStatements(db: Database, write: StatusChangeWrite) {
  const { changing, toStatus, source, nowIso, joined, actor } = write;
  const reason = write.reason ?? null;
  const actorId = "id" in actor ? actor.id : null;
  const actorName = "name" in actor ? actor.name : null;
  const withJoined = <Q extends { innerJoin: (rows: SQL, on: SQL) => Q }>(query: Q) =>
    joined ? query.innerJoin(joined.rows, joined.on) : query;
  const history = db.insert(peerMentorStatusChanges).select(
    withJoined(
      db
        .select({
          // Insert-from-select names every column in table order; a NULL id takes the next rowid.
          id: sql<number>`NULL`.as("id"),
          mentorId: peerMentors.mentorId,
          fromStatus: peerMentors.status,
          toStatus: toStatus.as("to_status"),
          reason: sql<string | null>`${reason}`.as("reason"),
          source: sql<StatusChangeSource>`${source}`.as("source"),
          changedAt: sql<string>`${nowIso}`.as("changed_at"),
          actorKind: sql<StatusChangeActorKind>`${actor.kind}`.as("actor_kind"),
          actorId: sql<string | null>`${actorId}`.as("actor_id"),
          actorName: sql<string | null>`${actorName}`.as("actor_name"),
        })
        .from(peerMentors)
        .$dynamic(),
    ).where(changing),
  );
  // The event's data (src/outbox/event-data.ts): `reason` only when one was given.
  const data = sql<string>`json_patch(json_object(
    'mentor_id', ${peerMentors.mentorId}, 'org_id', ${organizations.publicId},
    'from_status', ${peerMentors.status}, 'to_status', ${toStatus},
    'source', ${source}, 'changed_at', ${nowIso}),
    ${reason === null ? "{}" : JSON.stringify({ reason })})`;
  const events = db
    .insert(webhookEvents)
    .select(
      withJoined(
        db
          .select({
            eventId: (write.eventId === undefined
              ? SQL_EVENT_ID
              : sql<string>`${write.eventId}`
            ).as("event_id"),
            organizationId: peerMentors.organizationId,
            mentorId: peerMentors.mentorId,
            type: sql<"peer_mentor.status_changed">`'peer_mentor.status_changed'`.as("type"),
            data: data.as("data"),
            createdAt: sql<string>`${nowIso}`.as("created_at"),
            // With no endpoint subscribed an event is born enqueued: there is nothing to send.
            enqueuedAt: sql<string | null>`CASE WHEN ${subscribed} THEN NULL ELSE ${nowIso} END`.as(
              "enqueued_at",
            ),
          })
          .from(peerMentors)
          .innerJoin(organizations, eq(organizations.id, peerMentors.organizationId))
          .$dynamic(),
      ).where(changing),
    )
    .returning({ eventId: webhookEvents.eventId });
  return [history, events] as const;
}
