import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("migration 0004_backfill_roster_flag", () => {
  it("derives is_peer_supporter from the roles of members that existed before it", async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO organizations (id, public_id, name) VALUES (1, 'org_m', 'M')"),
      env.DB.prepare(
        "INSERT INTO users (id, first_name, time_zone, first_name_search, last_name_search) VALUES (1, 'A', 'UTC', 'a', ''), (2, 'B', 'UTC', 'b', '')",
      ),
      // As 0003 left them: the flag at its default, false.
      env.DB.prepare(
        "INSERT INTO organization_members (id, organization_id, user_id, status, bio_search) VALUES (10, 1, 1, 'approved', ''), (11, 1, 2, 'approved', '')",
      ),
      env.DB.prepare(
        "INSERT INTO organization_member_roles (organization_member_id, role) VALUES (10, 'peer_supporter'), (10, 'admin'), (11, 'admin')",
      ),
    ]);
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0004_"));
    expect(backfill?.queries.length).toBeGreaterThan(0);
    for (const query of backfill?.queries ?? []) await env.DB.prepare(query).run();

    const { results } = await env.DB.prepare(
      "SELECT id, is_peer_supporter FROM organization_members ORDER BY id",
    ).all();
    expect(results).toEqual([
      { id: 10, is_peer_supporter: 1 },
      { id: 11, is_peer_supporter: 0 },
    ]);
  });
});
