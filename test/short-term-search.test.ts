import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BIO_LENGTH } from "../src/peer-supporters/fields.ts";
import { foldForSearch } from "../src/search/fold.ts";
import { codePointLength } from "../src/text-length.ts";
import { DEMO_ORGANIZATION, loadDemoDataWithToken, send } from "./helpers.ts";

/*
 * The index of two-code-point substrings (migrations/0011) against the
 * literal test it stands in for: instr() over the same folded texts.
 */

type Texts = { id: number; organizationId: number; first: string; last: string; bio: string };

async function texts(): Promise<Texts[]> {
  const { results } = await env.DB.prepare(
    `SELECT m.id, m.organization_id AS organizationId, u.first_name_search AS first,
       u.last_name_search AS last, m.bio_search AS bio
     FROM organization_members m JOIN users u ON u.id = m.user_id`,
  ).all<Texts>();
  return results;
}

/** Every two-code-point substring of the texts, and a few that occur nowhere. */
function shortTerms(rows: Texts[]): Set<string> {
  const terms = new Set(["üx", "qz", "\u{1F600}!", '""']);
  for (const row of rows) {
    for (const text of [row.first, row.last, row.bio]) {
      const points = Array.from(text);
      points.forEach((point, i) => {
        if (i + 1 < points.length) terms.add(point + (points[i + 1] ?? ""));
      });
    }
  }
  return terms;
}

/** Whether the index and instr() find the same members for every term in every organization. */
async function expectIndexMatchesScan(terms: Set<string>) {
  const organizations = [...new Set((await texts()).map((row) => row.organizationId))];
  const statements = [];
  for (const organizationId of organizations) {
    for (const term of terms) {
      for (const publicOnly of [true, false]) {
        statements.push({ organizationId, term, publicOnly });
      }
    }
  }
  const indexed = env.DB.prepare(
    `SELECT group_concat(member_id) AS ids FROM (SELECT member_id FROM member_search_short
      WHERE organization_id = ?1 AND term = ?2 AND (public = 1 OR ?3 = 0) ORDER BY member_id)`,
  );
  const scanned = env.DB.prepare(
    `SELECT group_concat(id) AS ids FROM (SELECT m.id FROM organization_members m
      JOIN users u ON u.id = m.user_id WHERE m.organization_id = ?1
      AND (instr(u.first_name_search, ?2) > 0 OR instr(m.bio_search, ?2) > 0
        OR (?3 = 0 AND instr(u.last_name_search, ?2) > 0)) ORDER BY m.id)`,
  );
  const results = await env.DB.batch<{ ids: string | null }>(
    statements.flatMap(({ organizationId, term, publicOnly }) => [
      indexed.bind(organizationId, term, publicOnly ? 1 : 0),
      scanned.bind(organizationId, term, publicOnly ? 1 : 0),
    ]),
  );
  statements.forEach((statement, i) => {
    const [index, scan] = [results[2 * i]?.results[0]?.ids, results[2 * i + 1]?.results[0]?.ids];
    expect(index, JSON.stringify(statement)).toBe(scan);
  });
}

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

const ROSTER = `/api/v2/organizations/${DEMO_ORGANIZATION.id}/peer_supporters`;

describe("the short-term search index", () => {
  it("finds exactly what instr() finds, for every two-code-point term of the imported data", async () => {
    await expectIndexMatchesScan(shortTerms(await texts()));
  });

  it("follows every write: create, rename, new bio, delete", async () => {
    const created = await send(
      ROSTER,
      "POST",
      {
        first_name: "Ærling",
        last_name: "Ûx",
        time_zone: "UTC",
        bio: "ß\u{1F600}!",
        status: "approved",
      },
      token,
    );
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: number }>();
    const terms = new Set(["ær", "ss", "s\u{1F600}", "\u{1F600}!", "ûx", "zz", "ny", "vi"]);
    await expectIndexMatchesScan(terms);
    expect(
      (await send(`${ROSTER}/${String(id)}`, "PATCH", { first_name: "Nyvinn", bio: null }, token))
        .status,
    ).toBe(200);
    await expectIndexMatchesScan(terms);
    expect((await send(`${ROSTER}/${String(id)}`, "DELETE", undefined, token)).status).toBe(200);
    await expectIndexMatchesScan(terms);
    const { results } = await env.DB.prepare(
      "SELECT count(*) AS n FROM member_search_short WHERE member_id = ?",
    )
      .bind(id)
      .all<{ n: number }>();
    expect(results[0]?.n).toBe(0);
  });

  it("has a position for every code point of the longest folded text", async () => {
    let widest = 1;
    for (let point = 0; point <= 0x10ffff; point++) {
      if (point >= 0xd800 && point <= 0xdfff) continue;
      widest = Math.max(widest, codePointLength(foldForSearch(String.fromCodePoint(point))));
    }
    const positions = await env.DB.prepare("SELECT max(n) AS n FROM search_positions").first<{
      n: number;
    }>();
    expect(positions?.n).toBeGreaterThanOrEqual(MAX_BIO_LENGTH * widest);
  }, 30_000);
});
