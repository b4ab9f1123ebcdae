import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.ts";
import { removeMember } from "../../src/console/members/queries.ts";
import { DEMO_ORGANIZATION, loadDemoData, request, tokenFor } from "../support/helpers.ts";
import { consoleFetch, newMember, pageText, sessionFor } from "../support/console-helpers.ts";

/*
 * Every change shows who made it (issue 28's Done when): a supporter's
 * record, the public page's settings and the notification settings say who
 * changed them last, whether through the console or the API, and a removed
 * console member's name leaves them as it leaves the histories.
 */

const CONSOLE = `/console/${DEMO_ORGANIZATION.publicId}`;
const API = `/api/v2/organizations/${String(DEMO_ORGANIZATION.id)}`;
const SUPPORTER = 816; // Kari Nordmann, approved and listed
let token: string;
let admin: { memberId: string; session: string };

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION); // labelled "test"
  const member = await newMember(DEMO_ORGANIZATION.id, "admin", "Åse Administrator");
  admin = { memberId: member.memberId, session: await sessionFor(member.email) };
});

const sendJson = (path: string, method: string, body: unknown) =>
  request(path, {
    method,
    token,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

const page = async (path: string) =>
  pageText(await consoleFetch(`${CONSOLE}${path}`, { session: admin.session }));

const revisionOn = async (path: string) => {
  const html = await (await consoleFetch(`${CONSOLE}${path}`, { session: admin.session })).text();
  return /name="revision" value="([^"]*)"/.exec(html)?.[1] ?? "";
};

describe("who changed a record last", () => {
  it("a supporter: the API's key, then the console member", async () => {
    const patched = await sendJson(`${API}/peer_supporters/${String(SUPPORTER)}`, "PATCH", {
      bio: "Snakker gjerne om sorg.",
    });
    expect(patched.status).toBe(200);
    expect(await page(`/roster/${String(SUPPORTER)}`)).toContain("Sist endret av API-nøkkel test.");

    const saved = await consoleFetch(`${CONSOLE}/roster/${String(SUPPORTER)}/listed`, {
      session: admin.session,
      form: { revision: await revisionOn(`/roster/${String(SUPPORTER)}`), listed: "false" },
    });
    expect(saved.status).toBe(303);
    expect(await page(`/roster/${String(SUPPORTER)}`)).toContain(
      "Sist endret av Åse Administrator.",
    );
  });

  it("the public page's settings: the console member, then the API's key", async () => {
    const saved = await consoleFetch(`${CONSOLE}/public-page/settings`, {
      session: admin.session,
      form: { show_motivation: "on", revision: await revisionOn("/public-page") },
    });
    expect(saved.status).toBe(303);
    expect(await page("/public-page")).toContain("Sist endret av Åse Administrator.");

    const put = await sendJson(`${API}/public-roster-settings`, "PUT", {
      show_recovery_status: false,
      show_motivation: false,
      contact_url: null,
    });
    expect(put.status).toBe(200);
    expect(await page("/public-page")).toContain("Sist endret av API-nøkkel test.");
  });

  it("the notification settings: the API's PATCH, then the console member", async () => {
    const patched = await sendJson("/api/v1/notification-settings", "PATCH", {
      coordinator_emails: ["leder@fjordlys.no"],
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).not.toHaveProperty("updatedBy");
    expect(await page("/notifications")).toContain("Sist endret av API-nøkkel test.");

    const saved = await consoleFetch(`${CONSOLE}/notifications`, {
      session: admin.session,
      form: {
        revision: await revisionOn("/notifications"),
        coordinator_emails: "ny.leder@fjordlys.no",
        reminder_days: "60, 30, 7",
        language: "nb",
      },
    });
    expect(saved.status).toBe(303);
    expect(await page("/notifications")).toContain("Sist endret av Åse Administrator.");
  });

  it("a removed console member's name leaves the records they changed last", async () => {
    await removeMember(createDatabase(env.DB), DEMO_ORGANIZATION.id, admin.memberId);
    const rows = await env.DB.batch(
      ["organization_members", "public_roster_settings", "notification_settings"].map((table) =>
        env.DB.prepare(`SELECT updated_by FROM ${table} WHERE updated_by ->> '$.id' = ?`).bind(
          admin.memberId,
        ),
      ),
    );
    const kept = rows.flatMap((result) => result.results as { updated_by: string }[]);
    expect(kept).toHaveLength(2); // the supporter and the notification settings
    for (const row of kept) {
      expect(JSON.parse(row.updated_by)).toEqual({
        kind: "console_member",
        id: admin.memberId,
        name: null,
      });
    }
  });
});
