import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData, OTHER_ORGANIZATION } from "../support/helpers.ts";
import { consoleFetch, newMember, sessionFor } from "../support/console-helpers.ts";
import { createToken } from "../../src/auth/tokens.ts";

/*
 * Every console route inside an organization, walked by someone who must
 * not get in: a 404 page that shows nothing of the organization, and no write.
 */

const KARI = "mentor_a1b2c3"; // organization 5's
const JANE = "mentor_v6w9x2"; // organization 6's
const SUPPORTER_OF = { [KARI]: 816, [JANE]: 829 } as const; // a roster member of each

/** Every route under /console/:organization_id, with a form for the writes. */
function routes(organization: string, mentorId: string, memberId: string, tokenId: string) {
  const base = `/console/${organization}`;
  const mentor = `${base}/mentors/${mentorId}`;
  const supporter = `${base}/roster/${String(SUPPORTER_OF[mentorId as keyof typeof SUPPORTER_OF])}`;
  const write = {
    revision: "0".repeat(40),
    full_name: "Hacked",
    email: "hacked@example.org",
    status: "paused",
  };
  return [
    ["GET", base],
    ["GET", `${base}/mentors`],
    ["GET", `${base}/mentors.csv`],
    ["GET", `${base}/mentors/new`],
    ["POST", `${base}/mentors`, { ...write, certification_expiry_date: "2030-01-01" }],
    ["GET", mentor],
    ["POST", mentor, write],
    ["POST", `${mentor}/status`, write],
    [
      "POST",
      `${mentor}/certification-expiry`,
      { ...write, certification_expiry_date: "2020-01-01" },
    ],
    ["POST", `${mentor}/delete`, { ...write, confirm: "yes" }],
    ["GET", `${base}/roster`],
    ["GET", `${base}/roster/new`],
    ["POST", `${base}/roster`, { first_name: "Hacked", time_zone: "Europe/Oslo" }],
    ["GET", supporter],
    ["POST", supporter, { ...write, first_name: "Hacked", time_zone: "Europe/Oslo" }],
    ["POST", `${supporter}/status`, { ...write, status: "approved" }],
    ["POST", `${supporter}/listed`, { ...write, listed: "false" }],
    ["POST", `${supporter}/remove`, { ...write, confirm: "yes" }],
    ["GET", `${base}/public-page`],
    ["POST", `${base}/public-page/settings`, { show_recovery_status: "on", revision: "" }],
    ["GET", `${base}/team`],
    ["POST", `${base}/team`, { email: "intruder@example.org", role: "admin", name: "Intruder" }],
    ["POST", `${base}/team/${memberId}/remove`, {}],
    ["GET", `${base}/keys`],
    ["POST", `${base}/keys`, { kind: "secret", label: "Hacked" }],
    ["GET", `${base}/keys/${tokenId}/revoke`],
    ["POST", `${base}/keys/${tokenId}/revoke`, {}],
    ["GET", `${base}/notifications`],
    [
      "POST",
      `${base}/notifications`,
      {
        revision: "0",
        coordinator_emails: "hacked@example.org",
        reminder_days: "30",
        language: "en",
      },
    ],
  ] as const;
}

let fingerprint: () => Promise<string>;
let adminOf5: { memberId: string; email: string };
let adminOf6: { memberId: string; email: string };
let keyOf5: string;
let keyOf6: string;

beforeAll(async () => {
  await loadDemoData();
  adminOf5 = await newMember(DEMO_ORGANIZATION.id, "admin", "Admin Fem");
  adminOf6 = await newMember(OTHER_ORGANIZATION.id, "admin", "Admin Seks");
  keyOf5 = (await createToken(env.TOKENS, DEMO_ORGANIZATION, "Nøkkel Fem", { kind: "publishable" }))
    .record.token_id;
  keyOf6 = (
    await createToken(env.TOKENS, OTHER_ORGANIZATION, "Nøkkel Seks", { kind: "publishable" })
  ).record.token_id;
  // Everything the routes could write, as one text.
  fingerprint = async () => {
    const tables = [
      "peer_mentors",
      "peer_mentor_status_changes",
      "users",
      "organization_members",
      "member_listing_changes",
      "public_roster_settings",
      "console_members",
      "webhook_events",
      "emails",
      "console_key_changes",
      "notification_settings",
    ];
    const dumps = await Promise.all(
      tables.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()),
    );
    const keys = await env.TOKENS.list();
    return JSON.stringify([dumps.map((dump) => dump.results), keys.keys]);
  };
});

async function expectNoEntry(
  session: string,
  organization: string,
  mentorId: string,
  memberId: string,
  tokenId: string,
  secret: string[],
) {
  const before = await fingerprint();
  for (const [method, path, form] of routes(organization, mentorId, memberId, tokenId)) {
    const response = await consoleFetch(path, { method, session, form: form && { ...form } });
    expect([method, path, response.status]).toEqual([method, path, 404]);
    const html = await response.text();
    for (const text of secret) expect(html).not.toContain(text);
  }
  expect(await fingerprint()).toBe(before);
}

describe("a member sees only the organization in the URL, and only one they belong to", () => {
  it("organization 6's admin gets 404 on every route of organization 5", async () => {
    const session = await sessionFor(adminOf6.email);
    await expectNoEntry(session, DEMO_ORGANIZATION.publicId, KARI, adminOf5.memberId, keyOf5, [
      "Kari Nordmann",
      "Admin Fem",
      "Frivillig",
      "Nøkkel Fem",
    ]);
  });

  it("organization 5's admin gets 404 on every route of organization 6", async () => {
    const session = await sessionFor(adminOf5.email);
    await expectNoEntry(session, OTHER_ORGANIZATION.publicId, JANE, adminOf6.memberId, keyOf6, [
      "Jane Jensen",
      "Admin Seks",
      "Nøkkel Seks",
    ]);
  });

  it("organization 6's mentor, member and key under organization 5's own URL are 404 too", async () => {
    const session = await sessionFor(adminOf5.email);
    const before = await fingerprint();
    for (const [method, path, form] of routes(
      DEMO_ORGANIZATION.publicId,
      JANE,
      adminOf6.memberId,
      keyOf6,
    ).filter(([, path]) =>
      [JANE, adminOf6.memberId, keyOf6, `/roster/${String(SUPPORTER_OF[JANE])}`].some((id) =>
        path.includes(id),
      ),
    )) {
      const response = await consoleFetch(path, { method, session, form: form && { ...form } });
      expect([method, path, response.status]).toEqual([method, path, 404]);
      const html = await response.text();
      expect(html).not.toContain("Jane Jensen");
      expect(html).not.toContain("Nøkkel Seks");
    }
    expect(await fingerprint()).toBe(before);
  });

  it("an organization that does not exist answers the same 404 page", async () => {
    const session = await sessionFor(adminOf5.email);
    const missing = await consoleFetch("/console/org_nothere/mentors", { session });
    const other = await consoleFetch(`/console/${OTHER_ORGANIZATION.publicId}/mentors`, {
      session,
    });
    expect(missing.status).toBe(404);
    // The same page but for the path it would return to after a language switch.
    expect(await missing.text()).toBe(
      (await other.text()).replace(OTHER_ORGANIZATION.publicId, "org_nothere"),
    );
  });
});

describe("origin checks and roles", () => {
  it("refuses a form posted from another site (403) and writes nothing", async () => {
    const session = await sessionFor(adminOf5.email);
    const before = await fingerprint();
    for (const headers of [
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example", "Sec-Fetch-Site": "same-site" },
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
    ]) {
      const response = await consoleFetch(`/console/${DEMO_ORGANIZATION.publicId}/team`, {
        session,
        headers,
        form: { email: "csrf@example.org", role: "admin", name: "CSRF" },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    }
    // A body that is not a form is refused whatever its origin: the origin check sees every write.
    const json = await consoleFetch(
      `/console/${DEMO_ORGANIZATION.publicId}/mentors/${KARI}/delete`,
      {
        method: "POST",
        session,
        headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      },
    );
    expect(json.status).toBe(403);
    expect(await fingerprint()).toBe(before);
  });

  it("lets a coordinator see the team but not change it (403, nothing written)", async () => {
    const coordinator = await newMember(DEMO_ORGANIZATION.id, "coordinator", "Koordinator");
    const session = await sessionFor(coordinator.email);
    const team = await consoleFetch(`/console/${DEMO_ORGANIZATION.publicId}/team`, { session });
    expect(team.status).toBe(200);
    const html = await team.text();
    expect(html).toContain("Admin Fem");
    expect(html).not.toContain("/remove");
    const before = await fingerprint();
    const invite = await consoleFetch(`/console/${DEMO_ORGANIZATION.publicId}/team`, {
      session,
      form: { email: "ny@frivillig.no", role: "admin", name: "Ny" },
    });
    expect(invite.status).toBe(403);
    const remove = await consoleFetch(
      `/console/${DEMO_ORGANIZATION.publicId}/team/${adminOf5.memberId}/remove`,
      {
        session,
        form: {},
      },
    );
    expect(remove.status).toBe(403);
    expect(await fingerprint()).toBe(before);
  });

  it("lets an admin add a member (the address normalized) and refuses a second of the same", async () => {
    const session = await sessionFor(adminOf5.email);
    const path = `/console/${DEMO_ORGANIZATION.publicId}/team`;
    const added = await consoleFetch(path, {
      session,
      form: { email: " Per.Hansen@Frivillig.NO ", role: "coordinator", name: "Per Hansen" },
    });
    expect(added.status).toBe(303);
    expect(await (await consoleFetch(`${path}?notice=added`, { session })).text()).toContain(
      "per.hansen@frivillig.no",
    );
    const again = await consoleFetch(path, {
      session,
      form: { email: "Per.Hansen@frivillig.no", role: "admin", name: "" },
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("er allerede medlem");
  });
});
