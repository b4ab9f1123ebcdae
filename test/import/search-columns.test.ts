import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { expectIndexMatchesScan, rosterTexts, termsOf } from "../support/search-scan.ts";
import { loadDataset } from "../support/helpers.ts";

/*
 * What the import writes, checked against definitions that share none of its
 * code: the short terms against the same terms cut in SQL, both search indexes
 * against instr() over the folded texts, and every staged value against the
 * value and SQL type the file gave. Names and bios of one and two code
 * points, letters that fold to more or fewer, and values that look like JSON
 * or numbers.
 */

const ORGANIZATION_ID = 2 ** 52;
const person = (id: number, first_name: string, last_name: string | null) => ({
  id,
  first_name,
  last_name,
  time_zone: "Europe/Oslo",
});
const texts: [first: string, last: string | null, bio: string | null][] = [
  ["Øyvind", "Ås", "Per per PER\nlinje to"],
  ["Per", null, ""],
  ["e", "E", null],
  ["ß\u{1F600}", "A\u0308ﬃ", "\u{1F600}!\u{1F600}! ss ß"],
  ["123", "null", '{"not": "json"} \\ "quoted"'],
  ["漢字", "\u{2000B}x", "aaaa abab \t tab"],
];
const dataset = {
  organizations: [{ id: ORGANIZATION_ID, public_id: "org_q1", name: 'Quote " and \\ back' }],
  users: [
    ...texts.map(([first, last], i) => person(i + 1, first, last)),
    { ...person(99, "Ola", "Nordmann"), about: '{"a": 1}', avatar: "99.png" },
  ],
  organization_members: [
    ...texts.map(([, , bio], i) => ({
      id: 100 + i,
      organization_id: ORGANIZATION_ID,
      user_id: i + 1,
      roles: ["peer_supporter"],
      status: "approved",
      bio,
    })),
    {
      id: 199,
      organization_id: ORGANIZATION_ID,
      user_id: 99,
      roles: ["admin", "peer_supporter"],
      status: "pending",
      rating: 0.1 + 0.2,
      feedback_count: 2 ** 40,
      listed: false,
      bio: "true",
    },
  ],
  preferences: [{ user_id: 99, peer_support_interests: ['Sorg "og" savn', "ø/å"] }],
  peer_supporters: [
    { id: 2 ** 52 - 1, user_id: 99, organization_id: null, status: "active", rating: 1e-7 },
  ],
  peer_mentors: [
    {
      mentor_id: "mentor_q1",
      org_id: "org_q1",
      full_name: "Kari \\ Nordmann",
      email: "kari@example.no",
      phone: "+47 912 34 567",
      is_hlf: true,
      certification_expiry_date: "2027-06-01",
    },
  ],
};

/** Each distinct one- and two-code-point substring's UTF-8 in hex, in order of first occurrence. */
const shortTermsInSql = (text: string) => `coalesce((
  WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < length(${text}))
  SELECT group_concat(term, ' ' ORDER BY at) FROM (
    SELECT term, min(at) AS at FROM (
      SELECT hex(substr(${text}, i, 1)) AS term, 2 * i + 1 AS at FROM p WHERE i <= length(${text})
      UNION ALL SELECT hex(substr(${text}, i, 2)), 2 * i + 2 FROM p WHERE i < length(${text}))
    GROUP BY term)), '')`;

beforeAll(async () => {
  await loadDataset(dataset);
});

describe("the import's search columns and values", () => {
  it("stores each text's short terms as SQL cuts them, in order of first occurrence", async () => {
    const { results } = await env.DB.prepare(
      `SELECT id, first_name_terms = ${shortTermsInSql("first_name_search")} AS first,
         last_name_terms = ${shortTermsInSql("last_name_search")} AS last, 1 AS bio FROM users
       UNION ALL SELECT id, 1, 1, bio_terms = ${shortTermsInSql("bio_search")} FROM organization_members`,
    ).all<{ id: number; first: number; last: number; bio: number }>();
    expect(results).toHaveLength(2 * dataset.users.length);
    for (const row of results)
      expect(row, String(row.id)).toMatchObject({ first: 1, last: 1, bio: 1 });
    const sample = await env.DB.prepare(
      "SELECT first_name_terms AS terms FROM users WHERE first_name = 'Per'",
    ).first<{ terms: string }>();
    expect(sample?.terms).toBe("70 7065 65 6572 72");
  });

  it("gives both indexes exactly what instr() finds, for every term of one, two and three code points", async () => {
    const terms = termsOf(await rosterTexts());
    for (const term of ["ås", "å", "s", "p", "pe", "per", " p", "ss", "ffi", "ä", "x"])
      terms.add(term);
    await expectIndexMatchesScan(terms);
  });

  it("reads every staged value back as the file gave it, SQL type and all", async () => {
    const row = (sql: string) => env.DB.prepare(sql).first();
    expect(await row("SELECT id, typeof(id) AS t, name FROM organizations")).toEqual({
      id: ORGANIZATION_ID,
      t: "integer",
      name: 'Quote " and \\ back',
    });
    expect(
      await row(
        "SELECT first_name, typeof(first_name) AS t, last_name, about, avatar FROM users WHERE id = 5",
      ),
    ).toEqual({ first_name: "123", t: "text", last_name: "null", about: null, avatar: null });
    expect(await row("SELECT about, avatar FROM users WHERE id = 99")).toEqual({
      about: '{"a": 1}',
      avatar: "99.png",
    });
    expect(
      await row(
        `SELECT rating, typeof(rating) AS rt, feedback_count, typeof(feedback_count) AS ft,
           listed, bio, status, topics, mentor_id FROM organization_members WHERE id = 199`,
      ),
    ).toEqual({
      rating: 0.1 + 0.2,
      rt: "real",
      feedback_count: 2 ** 40,
      ft: "integer",
      listed: 0,
      bio: "true",
      status: "pending",
      topics: "[]",
      mentor_id: null,
    });
    const bios = await env.DB.prepare(
      "SELECT bio FROM organization_members WHERE id < 199 ORDER BY id",
    ).all<{ bio: string | null }>();
    expect(bios.results.map((r) => r.bio)).toEqual(texts.map(([, , bio]) => bio));
    expect(
      await row("SELECT peer_support_interests, availability FROM preferences WHERE user_id = 99"),
    ).toEqual({ peer_support_interests: '["Sorg \\"og\\" savn","ø/å"]', availability: 0 });
    expect(await row("SELECT id, rating, typeof(rating) AS t FROM peer_supporters")).toEqual({
      id: 2 ** 52 - 1,
      rating: 1e-7,
      t: "real",
    });
    expect(
      await row(
        "SELECT full_name, phone, is_hlf, certification_expiry_date AS expiry FROM peer_mentors",
      ),
    ).toEqual({
      full_name: "Kari \\ Nordmann",
      phone: "+47 912 34 567",
      is_hlf: 1,
      expiry: "2027-06-01T00:00:00Z",
    });
    const roles = await env.DB.prepare(
      "SELECT role FROM organization_member_roles WHERE organization_member_id = 199 ORDER BY role",
    ).all<{ role: string }>();
    expect(roles.results.map((r) => r.role)).toEqual(["admin", "peer_supporter"]);
  });
});
