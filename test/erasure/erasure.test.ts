import { env } from "cloudflare:workers";
import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import { addMember, removeMember } from "../../src/console/members/queries.ts";
import { createDatabase } from "../../src/db/client.ts";
import * as schema from "../../src/db/schema.ts";
import { erasePerson } from "../../src/erasure/erase-person.ts";
import { NO_PERSONAL_DATA, PERSONAL_DATA } from "../../src/erasure/personal-data.ts";
import { importDataset } from "../../src/import/import-dataset.ts";
import { memberSearch, memberSearchShort } from "../../src/peer-supporters/roster/search-index.ts";
import { certWarningDays } from "../../src/settings.ts";
import { consoleFetch, signIn } from "../support/console-helpers.ts";
import { saveEnglishSettings } from "../support/email-helpers.ts";
import { hookUrl, WEBHOOKS } from "../support/webhook-helpers.ts";
import { request, send, tokenFor } from "../support/helpers.ts";

const ORG = { id: 1, publicId: "org_abc123" };
const ROSTER = "/api/v2/organizations/1/peer_supporters";
/** In every text the erased person has: no table may hold it afterwards. */
const MARKER = "zqxerased";
const dataset = {
  organizations: [{ id: 1, public_id: ORG.publicId, name: "Likepersonforeningen" }],
  users: [{ id: 1, first_name: "Kari", last_name: "Ødegård", time_zone: "Europe/Oslo" }],
  organization_members: [
    { id: 10, organization_id: 1, user_id: 1, roles: ["peer_supporter"], status: "approved" },
  ],
};
const importWith = (replaceRosters: number[] = []) =>
  importDataset(env.DB, dataset, { certWarningDays: certWarningDays(env), replaceRosters });

const schemaTables = [
  ...Object.values(schema).filter((value) => is(value, SQLiteTable)),
  memberSearch,
  memberSearchShort,
].map((table) => getTableConfig(table as SQLiteTable));

/** Every row, in every table of the database, that holds MARKER (in any case, as text or bytes). */
async function rowsHoldingMarker() {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
  ).all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    for (const row of results) {
      const text = Object.values(row)
        .map((value) =>
          value instanceof ArrayBuffer ? new TextDecoder().decode(value) : String(value),
        )
        .join(" ")
        .toLowerCase();
      if (text.includes(MARKER)) found.push(`${name}: ${JSON.stringify(row)}`);
    }
  }
  return found;
}

const keyed = (path: string, body: unknown, token: string, key: string) =>
  request(path, {
    method: "POST",
    token,
    headers: { "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  await env.DB.batch(
    ["users", "peer_mentors", "organizations", "idempotency_keys"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  expect(await importWith()).toMatchObject({ ok: true });
});

describe("the declared personal data", () => {
  it("names every table of the schema once, with columns it has", () => {
    const declared = [...Object.keys(PERSONAL_DATA), ...Object.keys(NO_PERSONAL_DATA)];
    expect(declared.toSorted()).toEqual(schemaTables.map((t) => t.name).toSorted());
    for (const table of schemaTables) {
      const columns = table.columns.map((column) => column.name);
      for (const column of PERSONAL_DATA[table.name]?.columns ?? []) {
        expect(columns, `${table.name}.${column}`).toContain(column);
      }
    }
  });

  it("covers every table in the database (the hand-written ones too)", async () => {
    const { results } = await env.DB.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'
        AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'd1_migrations'
        AND name NOT GLOB 'member_search*_*'`,
    ).all<{ name: string }>();
    const known = new Set(schemaTables.map((t) => t.name));
    expect(results.map((r) => r.name).filter((name) => !known.has(name))).toEqual([]);
  });
});

describe("a member erased by any path", () => {
  const paths: [string, (token: string, memberId: number, userId: number) => Promise<void>][] = [
    [
      "npm run erase",
      async (_token, _memberId, userId) => {
        expect(await erasePerson(env.DB, userId)).not.toBeNull();
      },
    ],
    [
      "--replace-roster",
      async () => {
        expect(await importWith([1])).toMatchObject({ ok: true, removedMembers: 1 });
      },
    ],
    [
      "DELETE",
      async (token, memberId) => {
        const response = await request(`${ROSTER}/${memberId}`, { method: "DELETE", token });
        expect(response.status).toBe(200);
      },
    ],
  ];
  it.each(paths)(
    "leaves no copy anywhere, and a replay of its key runs afresh (%s)",
    async (_, erase) => {
      const token = await tokenFor(ORG);
      const body = {
        first_name: `Ola ${MARKER}`,
        last_name: "Nordmann",
        time_zone: "Europe/Oslo",
        bio: `Om ${MARKER}`,
      };
      const created = await keyed(ROSTER, body, token, "erasure-1");
      expect(created.status).toBe(201);
      const member = await created.json<{ id: number; user_id: number }>();
      const hidden = await send(`${ROSTER}/${member.id}`, "PATCH", { listed: false }, token);
      expect(hidden.status).toBe(200);
      expect(await rowsHoldingMarker()).not.toEqual([]);

      await erase(token, member.id, member.user_id);
      expect(await rowsHoldingMarker()).toEqual([]);

      const again = await keyed(ROSTER, body, token, "erasure-1");
      expect(again.status).toBe(201);
      expect(again.headers.get("Idempotent-Replayed")).toBeNull();
      expect((await again.json<{ id: number }>()).id).not.toBe(member.id);
    },
  );
});

describe("a mentor erased by DELETE", () => {
  it("leaves no copy in history, emails, webhook events or keys", async () => {
    const token = await tokenFor(ORG);
    await saveEnglishSettings(token, "koordinator@frivillig.no");
    const hook = await send(
      WEBHOOKS,
      "POST",
      { url: hookUrl("erasure"), events: ["peer_mentor.status_changed"] },
      token,
    );
    expect(hook.status).toBe(201);
    const created = await keyed(
      "/api/v1/peer-mentors",
      {
        full_name: `Kari ${MARKER}`,
        email: `${MARKER}@frivillig.no`,
        certification_expiry_date: "2031-01-01",
      },
      token,
      "erasure-mentor",
    );
    expect(created.status).toBe(201);
    const { mentor_id } = await created.json<{ mentor_id: string }>();
    const expired = await send(
      `/api/v1/peer-mentors/${mentor_id}/status`,
      "PATCH",
      { status: "expired", reason: `Fordi ${MARKER}` },
      token,
    );
    expect(expired.status).toBe(200);
    expect(await rowsHoldingMarker()).not.toEqual([]);

    expect(
      (await request(`/api/v1/peer-mentors/${mentor_id}`, { method: "DELETE", token })).status,
    ).toBe(200);
    expect(await rowsHoldingMarker()).toEqual([]);
  });
});

describe("a console member removed", () => {
  it("leaves no copy in sessions, sign-in links and emails, or as the name in the histories they wrote", async () => {
    const token = await tokenFor(ORG);
    await saveEnglishSettings(token, "koordinator@frivillig.no");
    const email = `${MARKER}@frivillig.no`;
    const member = await addMember(createDatabase(env.DB), {
      organizationId: ORG.id,
      email,
      role: "admin",
      displayName: `Kari ${MARKER}`,
    });
    const session = await signIn(email);
    const created = await send(
      "/api/v1/peer-mentors",
      "POST",
      {
        full_name: "Ola Nordmann",
        email: "ola@frivillig.no",
        certification_expiry_date: "2031-01-01",
      },
      token,
    );
    const { mentor_id } = await created.json<{ mentor_id: string }>();
    const revision = (created.headers.get("ETag") ?? "").replace(/^"|"$/g, "");
    const paused = await consoleFetch(`/console/${ORG.publicId}/mentors/${mentor_id}/status`, {
      form: { status: "paused", reason: "Permisjon", revision },
      session,
    });
    expect(paused.status).toBe(303);
    const key = await consoleFetch(`/console/${ORG.publicId}/keys`, {
      form: { kind: "publishable", label: "Nettsiden", origins: "" },
      session,
    });
    expect(key.status).toBe(303);
    expect(await rowsHoldingMarker()).not.toEqual([]);

    expect(await removeMember(createDatabase(env.DB), ORG.id, member.memberId)).toBe(true);
    expect(await rowsHoldingMarker()).toEqual([]);
    // The history still says a console member made the change.
    const history = await request(`/api/v1/peer-mentors/${mentor_id}/status-history`, { token });
    const { data } = await history.json<{ data: { changed_by: { kind: string } | null }[] }>();
    expect(data.map((change) => change.changed_by?.kind)).toContain("console_member");
  });
});
