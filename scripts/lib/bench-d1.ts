// npm run bench's measure of the database alone: D1's own time per read scenario.
import { createDatabase } from "../../src/db/client.ts";
import { mentorListStatements } from "../../src/peer-mentors/queries.ts";
import { rosterStatements } from "../../src/peer-supporters/roster/queries.ts";
import { BIG_ORGANIZATION, LARGE_ORGANIZATION, RARE_LAST_NAME } from "./bench-dataset.ts";
import {
  BIG_ORGANIZATION_LAST_PAGE,
  LARGE_FIRST_PAGE,
  SHORT_TERM_SEARCHES,
} from "./bench-scenarios.ts";

/**
 * D1's own time per request of each read scenario: the sum of its statements'
 * meta.duration, the mean of 20 runs. It separates the database's share from
 * the runtime's.
 */
export async function measureD1(d1: D1Database): Promise<Record<string, number>> {
  const db = createDatabase(d1);
  const roster = { organizationId: BIG_ORGANIZATION.id, limit: 10 };
  const large = { ...roster, organizationId: LARGE_ORGANIZATION.id };
  const scenarios = {
    "v2 list, first page": rosterStatements(db, { ...roster, search: undefined, offset: 0 }),
    "v2 list with q": rosterStatements(db, { ...roster, search: "øyvind", offset: 0 }),
    "v2 q, a rare name, 5,000 supporters": rosterStatements(db, {
      ...roster,
      search: RARE_LAST_NAME,
      offset: 0,
    }),
    "v2 q, a rare name, 50,000 supporters": rosterStatements(db, {
      ...roster,
      ...large,
      search: RARE_LAST_NAME,
      offset: 0,
    }),
    "v2 public roster, cache miss (first page)": rosterStatements(db, {
      ...roster,
      publicAt: new Date(),
      search: undefined,
      offset: 0,
    }),
    ...Object.fromEntries(
      SHORT_TERM_SEARCHES.flatMap(({ name, term }) => [
        [`${name}, 5,000 supporters`, rosterStatements(db, { ...roster, search: term, offset: 0 })],
        [`${name}, 50,000 supporters`, rosterStatements(db, { ...large, search: term, offset: 0 })],
      ]),
    ),
    [LARGE_FIRST_PAGE]: rosterStatements(db, { ...large, search: undefined, offset: 0 }),
    "v2 last page of the big organization": rosterStatements(db, {
      ...roster,
      search: undefined,
      offset: (BIG_ORGANIZATION_LAST_PAGE - 1) * 10,
    }),
    "v1 list": mentorListStatements(db, {
      organizationId: BIG_ORGANIZATION.id,
      statuses: undefined,
      search: undefined,
      limit: 20,
      offset: 0,
    }),
  };
  const result: Record<string, number> = {};
  for (const [name, { page, total }] of Object.entries(scenarios)) {
    let sum = 0;
    for (let run = 0; run < 20; run++) {
      for (const statement of [page, total]) {
        const { sql, params } = statement.toSQL();
        sum += (
          await d1
            .prepare(sql)
            .bind(...params)
            .all()
        ).meta.duration;
      }
    }
    result[name] = sum / 20;
  }
  return result;
}
