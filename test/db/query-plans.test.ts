import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { createToken } from "../../src/auth/tokens.ts";
import { createDatabase } from "../../src/db/client.ts";
import { erasePerson } from "../../src/erasure/erase-person.ts";
import { importDataset } from "../../src/import/import-dataset.ts";
import { demoDataset } from "../../data/demo-dataset.ts";
import { DEMO_ORGANIZATION } from "../support/helpers.ts";
import { newRecording, recordingBindings } from "../support/recording-bindings.ts";
import { hookUrl } from "../support/webhook-helpers.ts";
import {
  changesByStatusStatement,
  chunkStatements,
} from "../../src/jobs/refresh-mentor-statuses.ts";
import { mentorListStatements } from "../../src/peer-mentors/queries.ts";
import { rosterStatements } from "../../src/peer-supporters/roster/queries.ts";

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
  "webhook_endpoints",
  "webhook_events",
  "webhook_deliveries",
  "certification_reminders",
  "import_chunks",
];

function expectNoFullScan(plan: string[], sql = "") {
  for (const step of plan) {
    for (const table of LARGE_TABLES) {
      expect(step, `${sql}\n${plan.join("\n")}`).not.toMatch(
        new RegExp(`^SCAN ${table}\\b(?! USING (COVERING )?INDEX)`),
      );
    }
  }
}

const roster = { organizationId: 5, limit: 10, offset: 0 };
const mentors = { organizationId: 5, statuses: undefined, search: undefined, limit: 20, offset: 0 };

describe("query plans", () => {
  it("lists the v2 roster through the organization index", async () => {
    const { page, total } = rosterStatements({ ...roster, search: undefined });
    for (const statement of [page, total]) {
      const plan = await planOf(statement);
      expectNoFullScan(plan);
      expect(plan.join("\n")).toMatch(
        /organization_members USING (COVERING )?INDEX organization_members_roster_idx \(organization_id=\? AND is_peer_supporter=\?\)/,
      );
    }
  });

  it("searches the organization's matches in a search index, in id order, whatever the term's length", async () => {
    for (const [search, index] of [
      ["ø", "member_search_short"],
      ["øy", "member_search_short"],
      ["øyvind", "member_search"],
    ] as const) {
      // A secret read without filters counts and pages from the index alone.
      const secret = rosterStatements({ ...roster, search });
      for (const statement of [secret.page, secret.total]) {
        const plan = (await planOf(statement)).join("\n");
        expect(plan).toMatch(new RegExp(`SCAN ${index} VIRTUAL TABLE INDEX \\d+:M`));
        expect(plan).not.toMatch(/organization_members_roster_idx|USE TEMP B-TREE/);
      }
      // The public roster (and any filter) joins each match's member by its id.
      const publicRoster = rosterStatements({ ...roster, search, publicAt: new Date() });
      for (const statement of [publicRoster.page, publicRoster.total]) {
        const plan = (await planOf(statement)).join("\n");
        expectNoFullScan(plan.split("\n"));
        expect(plan).toMatch(
          new RegExp(
            `SCAN ${index} VIRTUAL TABLE INDEX \\d+:M\\w*\nSEARCH organization_members USING INTEGER PRIMARY KEY`,
          ),
        );
        expect(plan).not.toMatch(/USE TEMP B-TREE/);
      }
    }
  });

  it("lists v1 mentors in order from the organization index, filtered or searched", async () => {
    for (const options of [
      mentors,
      { ...mentors, statuses: ["warning" as const] },
      { ...mentors, search: "kari" },
    ]) {
      const { page, total } = mentorListStatements(options);
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

  it("uses an index for every statement the import, the API, the cron and the webhooks run", async () => {
    const recording = newRecording();
    const recorded = recordingBindings(recording);
    const now = new Date();
    const imported = await importDataset(recorded.DB, demoDataset(now), {
      certWarningDays: 60,
      now,
    });
    expect(imported.ok).toBe(true);
    const { token } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "plans");
    const { token: key } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "plans", {
      kind: "publishable",
    });
    const call = (method: string, path: string, body?: unknown) => callWith({}, method, path, body);
    const callWith = async (
      extra: Record<string, string>,
      method: string,
      path: string,
      body?: unknown,
    ) => {
      const ctx = createExecutionContext();
      const headers = new Headers({ "Content-Type": "application/json", ...extra });
      if (!path.includes("key=")) headers.set("Authorization", `Bearer ${token}`);
      const response = await worker.fetch(
        new Request(`https://peer-roster.test${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        recorded,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      return response.json<Record<string, string>>();
    };
    const hook = await call("POST", "/api/v1/webhooks", {
      url: hookUrl("plans"),
      events: ["peer_mentor.status_changed", "peer_mentor.certification_expiring"],
    });
    const roster = "/api/v2/organizations/5/peer_supporters";
    for (const path of [roster, `${roster}?q=%C3%B8y`, `${roster}?q=bergen&page=2`]) {
      await call("GET", path);
    }
    await call("GET", `${roster}?key=${key}&q=likeperson`);
    await call("GET", `${roster}?key=${key}&page=2`);
    // The filters and the topics route: the spellings read, then the filtered roster.
    await call("GET", `${roster}?topic=traumer&topic=Sorg&available=true&q=ha`);
    await call("GET", `${roster}?key=${key}&topic=Traumer&available=true&q=sorg`);
    await call("GET", `/api/v2/organizations/5/topics?key=${key}`);
    await call("GET", "/api/v2/organizations/5/topics");
    // The managed roster, and the import's --replace-roster and listing history.
    const member = await call("POST", roster, {
      first_name: "Plan",
      time_zone: "UTC",
      mentor_id: "mentor_g7h8i9",
    });
    const memberPath = `${roster}/${member.id ?? ""}`;
    await call("PATCH", memberPath, { listed: false, first_name: "Planlagt", topics: ["Sorg"] });
    await call("GET", memberPath);
    await call("GET", `${memberPath}/listing-history`);
    await call("PUT", "/api/v2/organizations/5/public-roster-settings", { show_motivation: false });
    await call("GET", "/api/v2/organizations/5/public-roster-settings");
    await call("DELETE", memberPath);
    await call("DELETE", `${roster}/816`);
    const replaced = await importDataset(recorded.DB, demoDataset(now), {
      certWarningDays: 60,
      now,
      replaceRosters: [5],
    });
    expect(replaced.ok).toBe(true);
    expect(await erasePerson(recorded.DB, 4501)).not.toBeNull();
    await call("GET", "/api/v1/peer-mentors?status=warning,active&q=frivillig&page=2");
    const created = await call("POST", "/api/v1/peer-mentors", {
      full_name: "Plan Planlegger",
      email: "plan@frivillig.no",
      certification_expiry_date: "2030-01-01",
    });
    const mentor = `/api/v1/peer-mentors/${created.mentor_id ?? ""}`;
    await call("PUT", mentor, { full_name: "Plan Planlagt" });
    // If-Match and Idempotency-Key: the revision-guarded writes and the key store.
    const tag =
      (
        await worker.fetch(
          new Request(`https://peer-roster.test${mentor}`, {
            headers: { Authorization: `Bearer ${token}` },
          }),
          recorded,
          createExecutionContext(),
        )
      ).headers.get("ETag") ?? "";
    await callWith({ "If-Match": tag }, "PATCH", `${mentor}/status`, { status: "expired" });
    await callWith({ "Idempotency-Key": "plans-1" }, "POST", "/api/v1/peer-mentors", {
      full_name: "Plan Nøkkel",
      email: "plan-key@frivillig.no",
      certification_expiry_date: "2030-01-01",
    });
    await call("PATCH", `${mentor}/status`, { status: "paused" });
    await call("PATCH", `${mentor}/certification-expiry`, { expiry_date: "2031-01-01" });
    await call("GET", `${mentor}/status-history`);
    await call("GET", `/api/v1/webhooks/${hook.webhook_id ?? ""}/deliveries`);
    await call("GET", "/api/v1/webhooks");
    await worker.scheduled(
      createScheduledController({ scheduledTime: now.getTime(), cron: "0 * * * *" }),
      recorded,
    );
    // One delivery through the consumer, as the queue hands it over.
    const { eventId } = (await env.DB.prepare(
      "SELECT event_id AS eventId FROM webhook_events LIMIT 1",
    ).first<{ eventId: string }>()) ?? { eventId: "" };
    const batch = createMessageBatch("peer-roster-webhooks", [
      {
        id: "m1",
        timestamp: now,
        attempts: 1,
        body: { event_id: eventId, webhook_id: hook.webhook_id },
      },
    ]);
    await worker.queue(batch, recorded);
    await call("DELETE", mentor);
    await call("DELETE", `/api/v1/webhooks/${hook.webhook_id ?? ""}`);

    const distinct = new Map(recording.statements.map((s) => [s.sql, s]));
    expect(distinct.size).toBeGreaterThan(30);
    for (const { sql, params } of distinct.values()) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const plan = results.map((row) => row.detail);
      expectNoFullScan(plan, sql);
    }
  }, 30_000); // An import, then every statement the Worker runs: seconds on a busy machine.
});
