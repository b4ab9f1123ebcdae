import rosterAndSupporters from "./demo.json" with { type: "json" };

const DAY_MS = 86_400_000;

/** An expiry `days` from `today`, at midnight UTC, as the import format takes it. */
function daysFrom(today: Date, days: number): string {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(midnight + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The demo data: data/demo.json (the v2 roster) plus peer mentors whose
 * certification dates are relative to `today`, so that every status shows
 * whatever day the demo is loaded. The spec's mentors keep their ids and names.
 */
export function demoDataset(today: Date) {
  const mentor = (
    mentor_id: string,
    full_name: string,
    email: string,
    expiresInDays: number,
    extra: Record<string, unknown> = {},
  ) => ({
    mentor_id,
    org_id: "org_x9y8z7",
    full_name,
    email,
    certification_expiry_date: daysFrom(today, expiresInDays),
    ...extra,
  });
  return {
    ...rosterAndSupporters,
    peer_mentors: [
      mentor("mentor_a1b2c3", "Kari Nordmann", "kari.nordmann@frivillig.no", 300, {
        phone: "+47 912 34 567",
        created_at: "2024-03-10T08:30:00Z",
        updated_at: "2025-09-01T14:22:00Z",
      }),
      mentor("mentor_d4e5f6", "Ole Hansen", "ole.hansen@frivillig.no", 40, {
        created_at: "2023-07-22T09:00:00Z",
        updated_at: "2026-03-01T11:05:00Z",
      }),
      mentor("mentor_g7h8i9", "Ingrid Berg", "ingrid.berg@frivillig.no", 500, {
        phone: "+47 987 65 432",
      }),
      mentor("mentor_k2m4n6", "Øyvind Åsheim", "oyvind.asheim@frivillig.no", -10, { is_hlf: true }),
      mentor("mentor_p3q5r7", "Åse Øverland", "ase.overland@frivillig.no", 120, {
        is_paused: true,
      }),
      mentor("mentor_s8t1u4", "Bjørn Ærdal", "bjorn.aerdal@frivillig.no", 59, { is_hlf: true }),
      {
        ...mentor("mentor_v6w9x2", "Hanne Jensen", "hanne.jensen@fjellheimen.no", 200),
        org_id: "org_k4m2p8",
      },
    ],
  };
}
