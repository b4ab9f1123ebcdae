import type { Database } from "../db/client.ts";
import { isoSeconds } from "../time.ts";
import { certificationReminderStatements } from "../webhooks/events.ts";

/** REMINDER_DAYS from [vars]: "60,30,7", whole days, at least one. */
export function reminderDays(env: { REMINDER_DAYS: unknown }): number[] {
  const days = String(env.REMINDER_DAYS)
    .split(",")
    .map((part) => part.trim());
  if (days.length === 0 || days.some((day) => !/^\d+$/.test(day))) {
    throw new Error('REMINDER_DAYS must be whole numbers of days, comma-separated ("60,30,7")');
  }
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

/**
 * Writes a `peer_mentor.certification_expiring` event for every mentor whose
 * days until expiry reached a threshold they have not been reminded at, for
 * this expiry date, and records the reminder: set-based, one batch, so a
 * second run at the same time finds nothing. Returns the events' ids.
 */
export async function queueCertificationReminders(
  db: Database,
  now: Date,
  thresholds: readonly number[],
): Promise<string[]> {
  const [events] = await db.batch(certificationReminderStatements(db, isoSeconds(now), thresholds));
  return events.map((event) => event.eventId);
}
