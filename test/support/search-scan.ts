import { env } from "cloudflare:workers";
import { asc } from "drizzle-orm";
import { expect } from "vitest";
import { createDatabase } from "../../src/db/client.ts";
import { searchIndexMatch } from "../../src/peer-supporters/roster/search-index.ts";
import { displayName } from "../../src/peer-supporters/roster/serialize.ts";
import { foldForSearch } from "../../src/lib/fold.ts";

/*
 * The roster's search indexes (migrations/0022) against the literal test they
 * stand in for: instr() over the same folded texts of the same organization's
 * peer supporters, the name as the roster shows it ("Bjørn Æ.") among them.
 * For the index's own tests and the import's.
 */

const db = createDatabase(env.DB);

export type Texts = {
  id: number;
  organizationId: number;
  shown: string;
  last: string;
  bio: string;
};

/** Each roster member's searchable texts; `shown` is the name the card shows ("Bjørn Æ."), folded. */
export async function rosterTexts(): Promise<Texts[]> {
  const { results } = await env.DB.prepare(
    `SELECT m.id, m.organization_id AS organizationId, u.first_name AS firstName,
       u.last_name AS lastName, u.last_name_search AS last, m.bio_search AS bio
     FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.is_peer_supporter
     ORDER BY m.id`,
  ).all<Omit<Texts, "shown"> & { firstName: string; lastName: string | null }>();
  return results.map(({ firstName, lastName, ...texts }) => ({
    ...texts,
    shown: foldForSearch(displayName(firstName, lastName)),
  }));
}

/** Every one- and two-code-point substring of the texts, some of three, and terms found nowhere. */
export function termsOf(rows: Texts[]): Set<string> {
  const terms = new Set(["üx", "qz", "\u{1F600}!", '""', '"', "*", "a\u0308", "\u{10000}"]);
  for (const row of rows) {
    for (const text of [row.shown, row.last, row.bio]) {
      const points = Array.from(text);
      points.forEach((point, i) => {
        terms.add(point);
        terms.add(points.slice(i, i + 2).join(""));
        if (i % 7 === 0) terms.add(points.slice(i, i + 3).join(""));
      });
    }
  }
  return terms;
}

export const contains = (texts: string[], term: string) =>
  texts.some((text) => text.includes(term));

/** Whether the index finds exactly the members instr() would, for every term, organization and reader. */
export async function expectIndexMatchesScan(terms: Set<string>) {
  const rows = await rosterTexts();
  const organizations = [...new Set(rows.map((row) => row.organizationId)), 999_999];
  const cases = organizations.flatMap((organizationId) =>
    [...terms].flatMap((term) =>
      [true, false].map((publicOnly) => ({ organizationId, term, publicOnly })),
    ),
  );
  const statements = cases.map(({ organizationId, term, publicOnly }) => {
    const { index, match } = searchIndexMatch(organizationId, term, publicOnly);
    return db.select({ id: index.rowid }).from(index).where(match).orderBy(asc(index.rowid));
  });
  const found: { id: number }[][] = [];
  // D1 takes a batch of any length; smaller ones keep each call short.
  for (let i = 0; i < statements.length; i += 200) {
    const [first, ...rest] = statements.slice(i, i + 200);
    if (first) found.push(...(await db.batch([first, ...rest])));
  }
  cases.forEach(({ organizationId, term, publicOnly }, i) => {
    const expected = rows
      .filter((row) => row.organizationId === organizationId)
      .filter((row) =>
        contains(publicOnly ? [row.shown, row.bio] : [row.shown, row.last, row.bio], term),
      )
      .map((row) => row.id);
    expect(
      found[i]?.map((row) => row.id),
      JSON.stringify({ organizationId, term, publicOnly }),
    ).toEqual(expected);
  });
}
