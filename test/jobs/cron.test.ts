import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDatabase } from "../../src/db/client.ts";
import { refreshMentorStatuses } from "../../src/jobs/refresh-mentor-statuses.ts";
import { deriveStatus } from "../../src/peer-mentors/status-rules.ts";
import worker from "../../src/index.ts";
import { isoSeconds } from "../../src/lib/time.ts";
import { loadDataset } from "../support/helpers.ts";

const IMPORTED_AT = new Date("2026-01-01T12:00:00Z");
const MENTORS = 3_000;
const DAY = 86_400_000;

type StoredMentor = {
  mentor_id: string;
  status: string;
  is_paused: number;
  is_manually_expired: number;
  certification_expiry_date: string;
  updated_at: string;
};

/** 3,000 mentors in two organizations, expiring from 100 days before the import to 200 after. */
function registry() {
  return {
    organizations: [
      { id: 1, public_id: "org_one", name: "Én" },
      { id: 2, public_id: "org_two", name: "To" },
    ],
    peer_mentors: Array.from({ length: MENTORS }, (_, i) => ({
      mentor_id: `mentor_${String(i).padStart(6, "0")}`,
      org_id: i % 2 ? "org_one" : "org_two",
      full_name: `Mentor ${i}`,
      email: `mentor${i}@frivillig.no`,
      is_paused: i % 10 === 0,
      certification_expiry_date: isoSeconds(
        new Date(IMPORTED_AT.getTime() + ((i % 300) - 100) * DAY + (i % 7) * 3_600_000),
      ),
      created_at: "2025-06-01T00:00:00Z",
      updated_at: "2025-06-01T00:00:00Z",
    })),
  };
}

async function storedMentors() {
  const { results } = await env.DB.prepare(
    "SELECT mentor_id, status, is_paused, is_manually_expired, certification_expiry_date, updated_at FROM peer_mentors ORDER BY mentor_id",
  ).all<StoredMentor>();
  return results;
}

async function cronHistory() {
  const { results } = await env.DB.prepare(
    "SELECT mentor_id, from_status, to_status, reason, source, changed_at FROM peer_mentor_status_changes ORDER BY mentor_id",
  ).all<{
    mentor_id: string;
    from_status: string;
    to_status: string;
    source: string;
    changed_at: string;
  }>();
  return results;
}

function expectedStatus(mentor: StoredMentor, now: Date) {
  return deriveStatus(
    {
      isPaused: mentor.is_paused === 1,
      isManuallyExpired: mentor.is_manually_expired === 1,
      certificationExpiryDate: mentor.certification_expiry_date,
    },
    now,
    60,
  );
}

/** Fires the Worker's own scheduled handler, as the cron trigger does. */
async function fireCron(at: Date) {
  const controller = createScheduledController({ scheduledTime: at.getTime(), cron: "0 * * * *" });
  await worker.scheduled(controller, env);
}

let logged: string[];
beforeEach(async () => {
  await env.DB.exec("DELETE FROM peer_mentor_status_changes");
  await env.DB.exec("DELETE FROM peer_mentors");
  await loadDataset(registry(), IMPORTED_AT);
  logged = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    logged.push(String(line));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("the hourly status refresh", () => {
  it("brings every mentor's status up to date, recording each change", async () => {
    const before = await storedMentors();
    const runAt = new Date(IMPORTED_AT.getTime() + 45 * DAY);
    await fireCron(runAt);
    const after = await storedMentors();
    const history = await cronHistory();

    const changed = after.filter((m, i) => m.status !== before[i]?.status);
    expect(changed.length).toBeGreaterThan(300); // the data is built so that many move
    for (const [i, mentor] of after.entries()) {
      const previous = before[i];
      expect(mentor.status).toBe(expectedStatus(mentor, runAt));
      // updated_at moves only on the rows that changed.
      expect(mentor.updated_at).toBe(
        mentor.status === previous?.status ? previous.updated_at : "2026-02-15T12:00:00Z",
      );
      if (mentor.is_paused) expect(mentor.status).toBe("paused");
    }
    expect(history).toEqual(
      changed.map((m) => ({
        mentor_id: m.mentor_id,
        from_status: before.find((b) => b.mentor_id === m.mentor_id)?.status,
        to_status: m.status,
        reason: null,
        source: "cron",
        changed_at: "2026-02-15T12:00:00Z",
      })),
    );
  });

  it("logs one JSON line: rows checked, changes by target status, duration", async () => {
    await fireCron(new Date(IMPORTED_AT.getTime() + 45 * DAY));
    expect(logged).toHaveLength(1);
    const line = JSON.parse(logged[0] ?? "") as Record<string, unknown>;
    const history = await cronHistory();
    const byStatus: Record<string, number> = {};
    for (const change of history)
      byStatus[change.to_status] = (byStatus[change.to_status] ?? 0) + 1;
    expect(line).toEqual({
      event: "mentor_status_refresh",
      cron: "0 * * * *",
      checked: MENTORS,
      changed: byStatus,
      duration_ms: expect.any(Number) as unknown,
      // Certification reminders written (test/jobs/webhook-reminders.test.ts), and events handed on late.
      reminders: expect.any(Number) as unknown,
      // No organization here saved notification settings, so no emails (test/emails-*.test.ts).
      emails: 0,
      // 2026-01-01 is a Thursday: no weekly digest.
      digest_week: null,
      stranded_events: 0,
      stranded_emails: 0,
      // Deliveries that stopped moving on the queue (test/outbox/stalled-deliveries.test.ts).
      stalled_webhooks: { resent: 0, failed: 0 },
      stalled_emails: { resent: 0, failed: 0 },
    });
  });

  it("is idempotent: a second run changes nothing", async () => {
    const runAt = new Date(IMPORTED_AT.getTime() + 45 * DAY);
    await fireCron(runAt);
    const once = await storedMentors();
    const historyOnce = await cronHistory();
    await fireCron(runAt);
    expect(await storedMentors()).toEqual(once);
    expect(await cronHistory()).toEqual(historyOnce);
    expect(JSON.parse(logged[1] ?? "")).toMatchObject({ checked: MENTORS, changed: {} });
  });

  it("gives the same result in chunks of any size", async () => {
    const runAt = new Date(IMPORTED_AT.getTime() + 100 * DAY);
    const report = await refreshMentorStatuses(createDatabase(env.DB), runAt, 60, 700);
    expect(report.checked).toBe(MENTORS);
    for (const mentor of await storedMentors()) {
      expect(mentor.status).toBe(expectedStatus(mentor, runAt));
    }
    const total = Object.values(report.changed).reduce((sum, n) => sum + n, 0);
    expect(total).toBe((await cronHistory()).length);
  });

  it("leaves a manual expiry and a pause in place", async () => {
    await env.DB.exec(
      "UPDATE peer_mentors SET is_manually_expired = 1, status = 'expired' WHERE mentor_id = 'mentor_000151'",
    );
    await fireCron(new Date(IMPORTED_AT.getTime() + 1 * DAY));
    const mentors = await storedMentors();
    expect(mentors.find((m) => m.mentor_id === "mentor_000151")?.status).toBe("expired");
    expect(mentors.find((m) => m.mentor_id === "mentor_000010")?.status).toBe("paused");
  });
});
