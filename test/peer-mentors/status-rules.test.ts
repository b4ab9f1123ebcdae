import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.ts";
import { peerMentors } from "../../src/db/schema.ts";
import {
  daysUntilExpiry,
  deriveStatus,
  derivedStatusSql,
} from "../../src/peer-mentors/status-rules.ts";
import { isoSeconds } from "../../src/lib/time.ts";
import { loadDataset } from "../support/helpers.ts";

const NOW = new Date("2026-03-26T10:25:00Z");
const SECOND = 1_000;
const DAY = 86_400_000;

// Instants around every boundary of the rules: now, today's midnights, and the warning edge.
const offsets = [
  -2 * DAY,
  -DAY - SECOND,
  -SECOND,
  0,
  SECOND,
  13 * 3_600_000 + 34 * 60_000 + 59 * SECOND, // 23:59:59 today
  13 * 3_600_000 + 35 * 60_000, // midnight tomorrow
  59 * DAY,
  60 * DAY,
  60 * DAY + 13 * 3_600_000 + 35 * 60_000,
  61 * DAY,
  400 * DAY,
];
const flags = [
  { is_paused: false, manual: false },
  { is_paused: true, manual: false },
  { is_paused: false, manual: true },
  { is_paused: true, manual: true },
];
const iso = (ms: number) => isoSeconds(new Date(ms));

beforeAll(async () => {
  const mentors = offsets.flatMap((offset, i) =>
    flags.map((flag, j) => ({
      mentor_id: `mentor_${i}x${j}`,
      org_id: "org_rules",
      full_name: `Rule ${i}/${j}`,
      email: `rule${i}x${j}@example.no`,
      is_paused: flag.is_paused,
      certification_expiry_date: iso(NOW.getTime() + offset),
    })),
  );
  await loadDataset({
    organizations: [{ id: 1, public_id: "org_rules", name: "Rules" }],
    peer_mentors: mentors,
  });
  // Manual expiry is not part of the import format; set it directly.
  await env.DB.exec(
    "UPDATE peer_mentors SET is_manually_expired = 1 WHERE mentor_id LIKE '%x2' OR mentor_id LIKE '%x3'",
  );
});

describe("deriveStatus and derivedStatusSql", () => {
  it.each([0, 1, 60])("agree on every boundary case with %i warning days", async (warningDays) => {
    const rows = await createDatabase(env.DB)
      .select({
        isPaused: peerMentors.isPaused,
        isManuallyExpired: peerMentors.isManuallyExpired,
        certificationExpiryDate: peerMentors.certificationExpiryDate,
        derived: derivedStatusSql(iso(NOW.getTime()), warningDays),
      })
      .from(peerMentors);
    expect(rows).toHaveLength(offsets.length * flags.length);
    for (const row of rows) {
      expect({ ...row, derived: deriveStatus(row, NOW, warningDays) }).toEqual(row);
    }
    // The grid reaches every status, so agreement is not vacuous.
    const seen = new Set(rows.map((r) => r.derived));
    expect([...seen].sort()).toEqual(["active", "expired", "paused", "warning"]);
  });

  it("counts days as SQL does", async () => {
    for (const offset of offsets) {
      const expiry = iso(NOW.getTime() + offset);
      const [row] = await createDatabase(env.DB).all<{ days: number }>(
        sql`SELECT CAST(julianday(substr(${expiry}, 1, 10)) - julianday(substr(${iso(NOW.getTime())}, 1, 10)) AS INTEGER) AS days`,
      );
      expect(daysUntilExpiry(expiry, NOW)).toBe(row?.days);
    }
  });
});
