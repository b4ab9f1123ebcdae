import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { bind, statementBuilder, value } from "../../src/db/prebuilt.ts";
import { organizationMembers, peerMentors, preferences } from "../../src/db/schema.ts";
import { DEMO_ORGANIZATION, loadDemoData } from "../support/helpers.ts";
import { mentorListStatements } from "../../src/peer-mentors/queries.ts";
import { rosterStatements } from "../../src/peer-supporters/roster/queries.ts";

/*
 * The hot reads' statements are built once per isolate for each shape
 * (src/db/prebuilt.ts): two requests of one shape share the SQL text, and
 * every value of a request (organization, term, dates, page) is bound, never
 * written into the text the next request, of any organization, reuses.
 */

type Bound = { toSQL(): { sql: string; params: unknown[] } };
const sqlOf = (statement: Bound) => statement.toSQL().sql;
const paramsOf = (statement: Bound) => statement.toSQL().params;

describe("prebuilt roster statements", () => {
  it("share one SQL text per shape and bind each request's values", () => {
    const first = {
      organizationId: 1111,
      search: "øyvind",
      publicAt: new Date("2030-01-02T03:04:05Z"),
      filters: { topics: ["angst"], available: true },
      memberId: 4444,
      limit: 7,
      offset: 14,
    };
    const second = {
      organizationId: 2222,
      search: "kristoffersen",
      publicAt: new Date("2031-05-06T07:08:09Z"),
      filters: { topics: ["rus"], available: true },
      memberId: 5555,
      limit: 9,
      offset: 27,
    };
    const a = rosterStatements(first, ["Angst"]);
    const b = rosterStatements(second, ["Rus", "RUS"]);
    for (const key of ["page", "total"] as const) {
      expect(sqlOf(b[key])).toBe(sqlOf(a[key]));
      const text = sqlOf(a[key]);
      for (const baked of ["1111", "2222", "2030", "2031", "øyvind", "kristoffersen", "Angst"]) {
        expect(text).not.toContain(baked);
      }
      const params = JSON.stringify(paramsOf(b[key]));
      expect(params).toContain("2222");
      expect(params).toContain("2031-05-06");
      expect(params).toContain("kristoffersen");
      expect(params).not.toMatch(/1111|2030|øyvind|Angst/);
    }
    expect(paramsOf(b.page)).toEqual(expect.arrayContaining([5555, 9, 27]));
  });

  it("build one shape per search index, whatever the term", () => {
    const base = { organizationId: 5, limit: 10, offset: 0 };
    const short = rosterStatements({ ...base, search: "e" });
    expect(sqlOf(rosterStatements({ ...base, search: "øy" }).page)).toBe(sqlOf(short.page));
    const trigram = rosterStatements({ ...base, search: "per" });
    expect(sqlOf(trigram.page)).not.toBe(sqlOf(short.page));
    expect(sqlOf(rosterStatements({ ...base, search: "kari" }).page)).toBe(sqlOf(trigram.page));
  });
});

describe("prebuilt mentor list statements", () => {
  const base = { search: undefined, limit: 20, offset: 0 };

  it("share one SQL text per shape and bind each request's values", () => {
    const now = new Date("2030-01-02T03:04:05Z");
    const a = mentorListStatements({
      ...base,
      organizationId: 1111,
      statuses: ["warning", "expired"],
      search: "kari",
      expiresWithinDays: 30,
      now,
      limit: 7,
      offset: 14,
    });
    const b = mentorListStatements({
      ...base,
      organizationId: 2222,
      statuses: ["active", "paused"],
      search: "nordmann",
      expiresWithinDays: 90,
      now: new Date("2031-05-06T07:08:09Z"),
      limit: 9,
      offset: 27,
    });
    for (const key of ["page", "total"] as const) {
      expect(sqlOf(b[key])).toBe(sqlOf(a[key]));
      expect(sqlOf(a[key])).not.toMatch(/1111|2222|2030|2031|kari|nordmann|warning|active/);
      const params = JSON.stringify(paramsOf(b[key]));
      expect(params).toMatch(/2222.*active.*paused.*nordmann.*2031-05-06/);
      expect(params).not.toMatch(/1111|2030|kari|warning|expired/);
    }
    expect(paramsOf(b.page).slice(-2)).toEqual([9, 27]);
  });

  it("build no new shape for a repeated status: its count stays within the four statuses", () => {
    // Each length of a status list was a shape of its own, kept for the
    // isolate's life: `status=active,active,…` could grow the isolate without bound.
    const once = mentorListStatements({ ...base, organizationId: 5, statuses: ["active"] });
    const repeated = mentorListStatements({
      ...base,
      organizationId: 5,
      statuses: Array.from({ length: 50 }, () => "active" as const),
    });
    expect(sqlOf(repeated.page)).toBe(sqlOf(once.page));
    expect(sqlOf(repeated.total)).toBe(sqlOf(once.total));
    expect(paramsOf(repeated.page)).toEqual(paramsOf(once.page));
  });
});

/** Runs `prepared` on the demo organization; its rows as bind() maps them and as drizzle does. */
async function bothMappings<Result>(prepared: Parameters<typeof bind<Result>>[0]) {
  const bound = bind(prepared, { o: DEMO_ORGANIZATION.id });
  const { sql: text, params } = bound.toSQL();
  const [response] = await env.DB.batch([env.DB.prepare(text).bind(...params)]);
  if (!response?.results.length) throw new Error("the statement found no rows");
  return { ours: bound.mapResult(response), drizzles: prepared.mapResult(response, true) };
}

describe("prebuilt statements' row mapping", () => {
  it("gives what drizzle's own mapping gives: booleans, JSON, nulls, aliases and joins", async () => {
    await loadDemoData();
    const ofDemo = (table: { organizationId: SQLiteColumn }) =>
      eq(table.organizationId, value("o"));
    const results = [
      await bothMappings(
        statementBuilder.select().from(peerMentors).where(ofDemo(peerMentors)).prepare(),
      ),
      await bothMappings(
        statementBuilder
          .select()
          .from(organizationMembers)
          .where(ofDemo(organizationMembers))
          .prepare(),
      ),
      await bothMappings(
        statementBuilder
          .select({
            id: organizationMembers.id,
            listed: organizationMembers.listed,
            topics: organizationMembers.topics,
            interests: preferences.peerSupportInterests,
            availability: preferences.availability,
            doubled: sql<number>`${organizationMembers.id} * 2`.as("doubled"),
          })
          .from(organizationMembers)
          .leftJoin(preferences, eq(preferences.userId, organizationMembers.userId))
          .where(ofDemo(organizationMembers))
          .prepare(),
      ),
    ];
    for (const { ours, drizzles } of results) expect(ours).toStrictEqual(drizzles);
  });
});
