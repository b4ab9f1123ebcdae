import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { rosterChangedAt } from "../../src/peer-supporters/public/roster-changes.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  publishableKeyFor,
  request,
  tokenFor,
} from "../support/helpers.ts";
import { consoleFetch, newMember, pageText, sessionFor } from "../support/console-helpers.ts";

/*
 * The console's roster (issue 28 §1): every supporter with why they are off
 * the public page, and writes through the API's managed-roster services:
 * the listing history says who, a stale form writes nothing, and the public
 * roster is marked changed.
 */

const BASE = `/console/${DEMO_ORGANIZATION.publicId}/roster`;
const OYVIND = 814; // approved, listed, no mentor yet
const INGRID = 818; // pending
let session: string;
let memberId: string;
let token: string;

beforeAll(async () => {
  await loadDemoData();
  const member = await newMember(DEMO_ORGANIZATION.id, "coordinator", "Kari Koordinator");
  memberId = member.memberId;
  session = await sessionFor(member.email);
  token = await tokenFor(DEMO_ORGANIZATION);
});

const get = (path: string) => consoleFetch(path, { session });
const post = (path: string, form: Record<string, string>) => consoleFetch(path, { form, session });

async function revisionOf(id: number) {
  const html = await (await get(`${BASE}/${String(id)}`)).text();
  const revision = /name="revision" value="([^"]+)"/.exec(html)?.[1];
  expect(revision).toBeDefined();
  return revision ?? "";
}

const apiRecord = async (id: number) =>
  await (
    await request(
      `/api/v2/organizations/${String(DEMO_ORGANIZATION.id)}/peer_supporters/${String(id)}`,
      {
        token,
      },
    )
  ).json<{
    listed: boolean;
    hidden_reasons: string[];
    status: string;
    mentor_id: string | null;
    bio: string | null;
  }>();

describe("the roster list", () => {
  it("lists every supporter, pending ones too, with why they are off the public page", async () => {
    const response = await get(BASE);
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Ingrid Berg");
    expect(text).toContain("Ikke på siden: venter på godkjenning");
    expect(text).toContain("På den offentlige siden");
    // A member without the peer supporter role (the admin, Erik Lund) is not on the roster.
    expect(text).not.toContain("Erik Lund");
    // Organization 6's supporters are not either.
    expect(text).not.toContain("Hanne Jensen");
  });

  it("filters by status, by reason and by search", async () => {
    const pending = await pageText(await get(`${BASE}?status=pending`));
    expect(pending).toContain("Ingrid Berg");
    expect(pending).toContain("Tomas Ødegård");
    expect(pending).not.toContain("Hanne Dahl");
    const reason = await pageText(await get(`${BASE}?reason=pending`));
    expect(reason).toContain("2 likepersoner");
    const search = await pageText(await get(`${BASE}?q=%C3%B8yvind`));
    expect(search).toContain("Øyvind Åsheim");
    expect(search).toContain("1 likeperson");
  });
});

describe("a supporter's page", () => {
  it("hides a supporter: the API's record, the listing history with who and from where, the public mark", async () => {
    const before = await rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id);
    const hidden = await post(`${BASE}/${String(OYVIND)}/listed`, {
      revision: await revisionOf(OYVIND),
      listed: "false",
    });
    expect(hidden.status).toBe(303);
    expect(hidden.headers.get("Location")).toBe(`${BASE}/${String(OYVIND)}?notice=saved`);
    const record = await apiRecord(OYVIND);
    expect(record.listed).toBe(false);
    expect(record.hidden_reasons).toEqual(["not_listed"]);
    const page = await pageText(await get(`${BASE}/${String(OYVIND)}`));
    expect(page).toContain("Kari Koordinator (konsollen)");
    expect(page).toContain("Ikke på siden: har valgt å være skjult");
    const history = await (
      await request(
        `/api/v2/organizations/${String(DEMO_ORGANIZATION.id)}/peer_supporters/${String(OYVIND)}/listing-history`,
        { token },
      )
    ).json<{ data: { listed: boolean; changed_by: unknown }[] }>();
    expect(history.data[0]).toMatchObject({
      listed: false,
      changed_by: { kind: "console_member", id: memberId, name: "Kari Koordinator" },
    });
    await expect
      .poll(() => rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id))
      .toBeGreaterThan(before);
  });

  it("a form made before someone else's change writes nothing and shows the member as they are (409)", async () => {
    const stale = await revisionOf(OYVIND);
    expect(
      (await post(`${BASE}/${String(OYVIND)}/listed`, { revision: stale, listed: "true" })).status,
    ).toBe(303);
    const late = await post(`${BASE}/${String(OYVIND)}`, {
      revision: stale,
      first_name: "Øyvind",
      last_name: "Åsheim",
      time_zone: "Europe/Oslo",
      bio: "Overskrevet",
      status: "approved",
    });
    expect(late.status).toBe(409);
    expect(await pageText(late)).toContain("Noen andre endret denne likepersonen");
    expect((await apiRecord(OYVIND)).bio).not.toBe("Overskrevet");
  });

  it("approves a pending supporter and links a mentor whose certificate lapsed: off the page for it", async () => {
    expect(
      (
        await post(`${BASE}/${String(INGRID)}/status`, {
          revision: await revisionOf(INGRID),
          status: "approved",
        })
      ).status,
    ).toBe(303);
    expect((await apiRecord(INGRID)).hidden_reasons).toEqual([]);
    const html = await (await get(`${BASE}/${String(INGRID)}`)).text();
    expect(html).toContain("Øyvind Åsheim (Utløpt)");
    const form = Object.fromEntries(
      [
        ...html.matchAll(/<textarea id="(bio|motivation|recovery_status|topics)"[^>]*>([^<]*)</g),
      ].map((match) => [match[1] ?? "", match[2] ?? ""]),
    );
    const linked = await post(`${BASE}/${String(INGRID)}`, {
      ...form,
      revision: await revisionOf(INGRID),
      first_name: "Ingrid",
      last_name: "Berg",
      time_zone: "Europe/Oslo",
      status: "approved",
      listed: "on",
      mentor_id: "mentor_k2m4n6",
    });
    expect(linked.status).toBe(303);
    const record = await apiRecord(INGRID);
    expect(record.mentor_id).toBe("mentor_k2m4n6");
    expect(record.hidden_reasons).toEqual(["certification_expired"]);
    expect(await pageText(await get(`${BASE}?reason=certification_expired`))).toContain(
      "Ingrid Berg",
    );
  });

  it("refuses another organization's mentor, and one linked to someone else, beside the field", async () => {
    const link = async (mentorId: string) =>
      post(`${BASE}/${String(OYVIND)}`, {
        revision: await revisionOf(OYVIND),
        first_name: "Øyvind",
        last_name: "Åsheim",
        time_zone: "Europe/Oslo",
        status: "approved",
        listed: "on",
        mentor_id: mentorId,
      });
    const foreign = await link("mentor_v6w9x2");
    expect(foreign.status).toBe(400);
    const foreignText = await pageText(foreign);
    expect(foreignText).toContain("finnes ikke i organisasjonens register");
    expect(foreignText).not.toContain("Hanne Jensen");
    const taken = await link("mentor_k2m4n6");
    expect(taken.status).toBe(400);
    expect(await pageText(taken)).toContain("er allerede koblet til en annen likeperson");
    expect((await apiRecord(OYVIND)).mentor_id).toBeNull();
  });

  it("adds a supporter under the API's rules, refused in the console's words, then removes them after a confirmation", async () => {
    const refused = await post(BASE, {
      first_name: "",
      time_zone: "Mars/Olympus",
      topics: "Sorg\nsorg",
    });
    expect(refused.status).toBe(400);
    const refusedText = await pageText(refused);
    expect(refusedText).toContain("må være en tidssone, som Europe/Oslo");
    expect(refusedText).toContain("samme tema kan ikke stå to ganger");
    expect(refusedText).toContain("Fornavn: må fylles ut");
    const added = await post(BASE, {
      first_name: "Sølvi",
      last_name: "Ås",
      time_zone: "Europe/Oslo",
      bio: "Likeperson\r\nfor pårørende",
      topics: "Sorg\r\nPårørende",
      status: "pending",
      listed: "on",
    });
    expect(added.status).toBe(303);
    const location = added.headers.get("Location") ?? "";
    const id = Number(/roster\/(\d+)\?notice=created$/.exec(location)?.[1]);
    expect((await apiRecord(id)).bio).toBe("Likeperson\nfor pårørende");
    const page = await pageText(await get(`${BASE}/${String(id)}`));
    expect(page).toContain("Sølvi Å.");
    expect(page).toContain("Pårørende");
    const unconfirmed = await post(`${BASE}/${String(id)}/remove`, {
      revision: await revisionOf(id),
    });
    expect(unconfirmed.status).toBe(400);
    const removed = await post(`${BASE}/${String(id)}/remove`, {
      revision: await revisionOf(id),
      confirm: "yes",
    });
    expect(removed.status).toBe(303);
    expect((await get(`${BASE}/${String(id)}`)).status).toBe(404);
  });
});

describe("the mentors a supporter is linked to", () => {
  it("a console change of a mentor marks the public roster changed, as the API's does", async () => {
    const before = await rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id);
    const mentorPage = await (
      await get(`/console/${DEMO_ORGANIZATION.publicId}/mentors/mentor_p3q5r7`)
    ).text();
    const revision = /name="revision" value="([^"]+)"/.exec(mentorPage)?.[1] ?? "";
    const resumed = await post(
      `/console/${DEMO_ORGANIZATION.publicId}/mentors/mentor_p3q5r7/status`,
      { revision, status: "active" },
    );
    expect(resumed.status).toBe(303);
    await expect
      .poll(() => rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id))
      .toBeGreaterThan(before);
  });
});

describe("the public page's settings and snippet", () => {
  const PAGE = `/console/${DEMO_ORGANIZATION.publicId}/public-page`;

  it("lets a coordinator read but not change the settings (403, nothing written)", async () => {
    const page = await get(PAGE);
    expect(page.status).toBe(200);
    expect(await pageText(page)).toContain("Bare administratorer");
    const refused = await post(`${PAGE}/settings`, { show_recovery_status: "on", revision: "" });
    expect(refused.status).toBe(403);
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM public_roster_settings WHERE organization_id = 5",
    ).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("lets an admin save them over the version shown, refuses a stale form, and shows the snippet", async () => {
    const admin = await sessionFor((await newMember(DEMO_ORGANIZATION.id, "admin", "Admin")).email);
    const saved = await consoleFetch(`${PAGE}/settings`, {
      session: admin,
      form: {
        show_motivation: "on",
        contact_url: "https://www.fjordlys.no/kontakt?id={id}",
        revision: "",
      },
    });
    expect(saved.status).toBe(303);
    const stale = await consoleFetch(`${PAGE}/settings`, {
      session: admin,
      form: { show_recovery_status: "on", revision: "" },
    });
    expect(stale.status).toBe(409);
    const settings = await (
      await request(`/api/v2/organizations/5/public-roster-settings`, { token })
    ).json<Record<string, unknown>>();
    expect(settings).toMatchObject({
      show_motivation: true,
      show_recovery_status: false,
      contact_url: "https://www.fjordlys.no/kontakt?id={id}",
    });
    expect(await pageText(await get(PAGE))).toContain(
      "Organisasjonen har ingen publiserbar nøkkel",
    );
    const key = await publishableKeyFor(["https://www.fjordlys.no"]);
    const html = await (await get(PAGE)).text();
    expect(html).toContain("/embed/peer-supporters.js");
    expect(html).toContain(`organization=&quot;5&quot; key=&quot;${key}&quot;`);
    expect(html).toContain(`/o/5/peer-supporters?key=${key}`);
  });
});
