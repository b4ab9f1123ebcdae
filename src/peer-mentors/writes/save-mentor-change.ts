import { and, eq, sql } from "drizzle-orm";
import { batchStatements, type Database } from "../../db/client.ts";
import { withWriteRetries } from "../../db/d1-errors.ts";
import { peerMentors, type StatusChangeActor } from "../../db/schema.ts";
import { deliveryTargets, type WebhookMessage } from "../../outbox/channels/webhook.ts";
import { expiryNoticeStatements, writtenEmailIds } from "../../outbox/email-rows.ts";
import { randomId } from "../../lib/random-id.ts";
import type { MentorRecord } from "./mentor-changes.ts";
import { rejectingDuplicateEmail } from "../queries.ts";
import { statusChangeStatements } from "./status-change-statements.ts";

/** Events and emails a write committed, and the webhook deliveries still to put on the queue. */
export type Pending = { eventIds: string[]; targets: WebhookMessage[]; emailIds: string[] };

/** Whether `after` landed; when not, the row changed since `before` was read (its revision moved). */
export type SaveResult = { saved: true; pending: Pending } | { saved: false };

/**
 * Writes `after` over `before` only if the row still has `before`'s revision,
 * and, when the status changed, its history entry, its
 * `peer_mentor.status_changed` event and (to expired) the expiry notices:
 * one batch, so all or nothing, and every statement guarded by that
 * revision, so running it twice writes nothing twice. The same round trip
 * reads the revision back (a retry whose first try committed finds its own)
 * and where the event goes. Transient D1 errors are retried (withWriteRetries).
 */
export async function saveMentorChange(
  db: Database,
  before: MentorRecord,
  after: MentorRecord,
  { reason, actor }: { reason: string | null; actor: StatusChangeActor },
): Promise<SaveResult> {
  const unchangedSinceRead = and(
    eq(peerMentors.organizationId, before.organizationId),
    eq(peerMentors.mentorId, before.mentorId),
    eq(peerMentors.revision, before.revision),
  );
  const statusChanged = after.status !== before.status;
  const eventId = randomId("evt_", 20);
  const recorded = statusChanged
    ? statusChangeStatements(db, {
        changing: unchangedSinceRead,
        toStatus: sql`${after.status}`,
        // A request, through the API or the console: `actor` tells which.
        source: "api",
        actor,
        reason,
        nowIso: after.updatedAt,
        eventId,
      })
    : [];
  // Moved to expired by hand or by a past expiry date: the same notices the cron sends, after
  // the UPDATE, so they name the expiry date as saved (expiryNoticeStatements: once per expiry).
  const notices =
    statusChanged && after.status === "expired"
      ? expiryNoticeStatements(
          sql`SELECT ${peerMentors.mentorId} FROM ${peerMentors}
            WHERE ${peerMentors.mentorId} = ${before.mentorId} AND ${peerMentors.revision} = ${after.revision}`,
          after.updatedAt,
        )
      : [];
  const statements = [
    ...recorded,
    db.update(peerMentors).set(after).where(unchangedSinceRead),
    ...notices,
    db
      .select({ revision: peerMentors.revision })
      .from(peerMentors)
      .where(eq(peerMentors.mentorId, before.mentorId)),
    ...(statusChanged ? [deliveryTargets(db, [eventId])] : []),
  ];
  const results = await withWriteRetries(() =>
    rejectingDuplicateEmail(batchStatements(db, statements)),
  );
  const afterNotices = recorded.length + 1 + notices.length;
  const [revisionRow] = results[afterNotices] ?? [];
  if (revisionRow?.revision !== after.revision) return { saved: false };
  // On a retry whose first try committed, the emails' RETURNING is empty: the cron hands them on.
  const emailRows = results.slice(recorded.length + 1, afterNotices);
  return {
    saved: true,
    pending: {
      eventIds: statusChanged ? [eventId] : [],
      targets: (results[afterNotices + 1] ?? []).map((target) => ({
        event_id: String(target.event_id),
        webhook_id: String(target.webhook_id),
      })),
      emailIds: writtenEmailIds(emailRows),
    },
  };
}
