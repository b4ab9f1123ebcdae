import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../../src/db/client.ts";
import { searchIndexMatch } from "../../../src/peer-supporters/roster/search-index.ts";
import { foldForSearch } from "../../../src/lib/fold.ts";
import {
  contains,
  expectIndexMatchesScan,
  rosterTexts,
  termsOf,
} from "../../support/search-scan.ts";
import {
  DEMO_ORGANIZATION,
  getRoster,
  loadDemoDataWithToken,
  publishableKeyFor,
  send,
} from "../../support/helpers.ts";

/*
 * The roster's search indexes (migrations/0022) against the literal test they
 * stand in for (test/support/search-scan.ts), through every kind of write.
 */

const db = createDatabase(env.DB);

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

const ROSTER = `/api/v2/organizations/${DEMO_ORGANIZATION.id}/peer_supporters`;

describe("the roster's search indexes", () => {
  it("find exactly what instr() finds, for every short term of the imported data", async () => {
    const terms = termsOf(await rosterTexts());
    expect(terms.size).toBeGreaterThan(300);
    await expectIndexMatchesScan(terms);
  });

  it("follow every write: create, rename, new bio, leaving the roster, delete", async () => {
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
    const terms = new Set([
      "ær",
      "ss",
      "s\u{1F600}",
      "\u{1F600}!",
      "ûx",
      "û",
      "zz",
      "ny",
      "vi",
      "nyv",
      "rling",
      // The card's "Ærling Û." and "Nyvinn Z.": the initial and the dot, never the rest.
      "û.",
      " û",
      "g û",
      "ng û.",
      "z.",
      "n z",
    ]);
    await expectIndexMatchesScan(terms);
    const renamed = await send(
      `${ROSTER}/${String(id)}`,
      "PATCH",
      { first_name: "Nyvinn", last_name: "Zz", bio: null },
      token,
    );
    expect(renamed.status).toBe(200);
    await expectIndexMatchesScan(terms);
    await env.DB.prepare("UPDATE organization_members SET is_peer_supporter = 0 WHERE id = ?")
      .bind(id)
      .run();
    await expectIndexMatchesScan(terms);
    await env.DB.prepare("UPDATE organization_members SET is_peer_supporter = 1 WHERE id = ?")
      .bind(id)
      .run();
    await expectIndexMatchesScan(terms);
    expect((await send(`${ROSTER}/${String(id)}`, "DELETE", undefined, token)).status).toBe(200);
    await expectIndexMatchesScan(terms);
    const left = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM member_search WHERE rowid = ?1)
        + (SELECT count(*) FROM member_search_short WHERE rowid = ?1) AS n`,
    )
      .bind(id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("answers the roster's q with the index's matches and totals, secret and public", async () => {
    for (const q of ["e", "øy", "ø", "per", "PER"]) {
      const expected = (await rosterTexts())
        .filter((row) => row.organizationId === DEMO_ORGANIZATION.id)
        .filter((row) => contains([row.shown, row.last, row.bio], foldForSearch(q)));
      const page = await getRoster(DEMO_ORGANIZATION.id, { q, items: "100" }, token);
      expect(page.total_items, q).toBe(expected.length);
      expect(page.peer_supporters.map((member) => member.id)).toEqual(
        expected.map((row) => row.id),
      );
    }
  });

  it("finds a public card by the name it shows, initial included, never by the rest of the last name", async () => {
    const key = await publishableKeyFor();
    const shown = await getRoster(DEMO_ORGANIZATION.id, { items: "100" }, key);
    const secret = await getRoster(DEMO_ORGANIZATION.id, { items: "100" }, token);
    const lastNames = new Map(secret.peer_supporters.map((m) => [m.id, m.last_name ?? ""]));
    const card = shown.peer_supporters.find((m) => (lastNames.get(m.id)?.length ?? 0) > 3);
    expect(card).toBeDefined();
    const name = card?.full_name ?? "";
    const initial = name.slice(name.lastIndexOf(" ") + 1, -1);
    const rest = (lastNames.get(card?.id ?? 0) ?? "").slice(1);
    for (const q of [initial, initial.toLowerCase(), name.slice(0, -1), `${initial}.`]) {
      const found = await getRoster(DEMO_ORGANIZATION.id, { q, items: "100" }, key);
      expect(
        found.peer_supporters.map((m) => m.id),
        q,
      ).toContain(card?.id);
    }
    const byRest = await getRoster(DEMO_ORGANIZATION.id, { q: rest, items: "100" }, key);
    expect(byRest.peer_supporters.map((m) => m.full_name).join("|"), rest).not.toContain(name);
  });

  it("finds the same after migration 0012's backfill writes the terms in SQL as the Worker would", async () => {
    await env.DB.batch([
      env.DB.prepare("UPDATE users SET first_name_terms = '', last_name_terms = ''"),
      env.DB.prepare("UPDATE organization_members SET bio_terms = ''"),
    ]);
    const terms = new Set(["e", "øy", "ss", "\u{1F600}", "a ", "zz"]);
    const rows = await rosterTexts();
    const [somebody] = rows;
    const { index, match } = searchIndexMatch(somebody?.organizationId ?? 0, "e", false);
    // Emptied terms find nobody: the index is fed from them alone.
    expect(await db.select({ id: index.rowid }).from(index).where(match)).toEqual([]);
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0012_"));
    const updates = backfill?.queries.filter((query) => query.includes("UPDATE `")) ?? [];
    expect(updates).toHaveLength(2);
    for (const query of updates) await env.DB.prepare(query).run();
    await expectIndexMatchesScan(termsOf(rows));
    await expectIndexMatchesScan(terms);
  });
});
