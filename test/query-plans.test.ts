import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../src/db/client.ts";
import { changesByStatusStatement, chunkStatements } from "../src/jobs/refresh-mentor-statuses.ts";
import { mentorListStatements } from "../src/peer-mentors/queries.ts";
import { rosterStatements } from "../src/peer-supporters/queries.ts";

const db = createDatabase(env.DB);

/** SQLite's plan for a drizzle statement, one line per step. */
async function planOf(statement: {
  toSQL(): { sql: string; params: unknown[] };
}): Promise<string[]> {
  const { sql, params } = statement.toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

// The tables that grow with organizations' data; a plain SCAN of one is a full table scan.
const LARGE_TABLES = [
  "organization_members",
  "organization_member_roles",
  "users",
  "preferences",
  "peer_supporters",
  "peer_mentors",
  "peer_mentor_status_changes",
];

function expectNoFullScan(plan: string[]) {
  for (const step of plan) {
    for (const table of LARGE_TABLES) {
      expect(step, plan.join("\n")).not.toMatch(
        new RegExp(`^SCAN ${table}\\b(?! USING (COVERING )?INDEX)`),
      );
    }
  }
}

const roster = { organizationId: 5, limit: 10, offset: 0 };
const mentors = { organizationId: 5, statuses: undefined, search: undefined, limit: 20, offset: 0 };

describe("query plans", () => {
  it("lists the v2 roster through the organization index", async () => {
    for (const search of [undefined, "øyvind"]) {
      const { page, total } = rosterStatements(db, { ...roster, search, approvedOnly: false });
      for (const statement of [page, total]) {
        const plan = await planOf(statement);
        expectNoFullScan(plan);
        expect(plan.join("\n")).toMatch(
          /organization_members USING (COVERING )?INDEX organization_members_roster_idx \(organization_id=\? AND is_peer_supporter=\?\)/,
        );
      }
    }
  });

  it("lists v1 mentors in order from the organization index, filtered or searched", async () => {
    for (const options of [
      mentors,
      { ...mentors, statuses: ["warning" as const] },
      { ...mentors, search: "kari" },
    ]) {
      const { page, total } = mentorListStatements(db, options);
      for (const statement of [page, total]) {
        const plan = await planOf(statement);
        expectNoFullScan(plan);
        expect(plan.join("\n")).toMatch(
          /peer_mentors USING (COVERING )?INDEX peer_mentors_organization_\w+ \(organization_id=\?/,
        );
      }
    }
  });

  it("refreshes statuses by rowid range, never a full scan per chunk", async () => {
    const [insert, update] = chunkStatements(db, {
      nowIso: "2026-03-26T10:25:00Z",
      warningDays: 60,
      after: 0,
      rowsPerChunk: 10_000,
    });
    for (const statement of [
      insert,
      update,
      changesByStatusStatement(db, "2026-03-26T10:25:00Z"),
    ]) {
      const plan = await planOf(statement);
      expectNoFullScan(plan);
    }
    expect((await planOf(update)).join("\n")).toMatch(
      /peer_mentors USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/,
    );
  });
});
