import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData, request, send, tokenFor } from "../support/helpers.ts";
import { runCron } from "../support/webhook-helpers.ts";
import { rosterChangedAt } from "../../src/peer-supporters/public/roster-changes.ts";
import { consoleFetch, newMember, pageText, sessionFor } from "../support/console-helpers.ts";

const BASE = `/console/${DEMO_ORGANIZATION.publicId}/mentors`;
let session: string;
let memberName: string;
let memberEmail: string;

beforeAll(async () => {
  await loadDemoData();
  const member = await newMember(DEMO_ORGANIZATION.id, "coordinator", "Kari Koordinator");
  memberName = member.displayName;
  memberEmail = member.email;
  session = await sessionFor(member.email);
});

const get = (path: string) => consoleFetch(path, { session });
const post = (path: string, form: Record<string, string>) => consoleFetch(path, { form, session });

/** The revision (ETag) the mentor's page's forms carry now. */
async function revisionOf(mentorId: string) {
  const html = await (await get(`${BASE}/${mentorId}`)).text();
  const revision = /name="revision" value="([0-9a-f]{40})"/.exec(html)?.[1];
  expect(revision).toBeDefined();
  return revision ?? "";
}

/** A new mentor added through the console's form; its id. */
async function addMentor(label: string, expiry = "2031-01-01") {
  const response = await post(BASE, {
    full_name: `${label} Testesen`,
    email: `${label.toLowerCase()}.${crypto.randomUUID().slice(0, 6)}@frivillig.no`,
    phone: "",
    certification_expiry_date: expiry,
  });
  expect(response.status).toBe(303);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(new RegExp(`^${BASE}/mentor_[a-z2-7]{16}\\?notice=created$`));
  return location.slice(BASE.length + 1, location.indexOf("?"));
}

describe("the mentor list", () => {
  it("lists soonest expiry first, with a count per status and links to each mentor", async () => {
    const response = await get(BASE);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toContain("script-src 'none'");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("ETag")).toBeNull();
    const html = await response.text();
    expect(html).toContain('<html lang="nb">');
    const order = [
      "Øyvind Åsheim",
      "Ole Hansen",
      "Bjørn Ærdal",
      "Åse Øverland",
      "Kari Nordmann",
      "Ingrid Berg",
    ];
    const positions = order.map((name) => html.indexOf(`>${name}</a>`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain(`href="${BASE}/mentor_a1b2c3"`);
    const text = await pageText(new Response(html));
    for (const count of ["Aktiv (2)", "Varsel (2)", "Utløpt (1)", "Pause (1)"])
      expect(text).toContain(count);
    // Organization 6's mentor is not in it.
    expect(html).not.toContain("Jane Jensen");
  });

  it("finds who expires within 60 days, by status, and by name", async () => {
    const within = await (await get(`${BASE}?expires_within_days=60`)).text();
    expect(within).toContain("Ole Hansen");
    expect(within).toContain("Bjørn Ærdal");
    expect(within).not.toContain("Kari Nordmann");
    expect(within).not.toContain(">Øyvind Åsheim<");
    const paused = await (await get(`${BASE}?status=paused`)).text();
    expect(paused).toContain("Åse Øverland");
    expect(paused).not.toContain("Ole Hansen");
    const found = await (await get(`${BASE}?q=${encodeURIComponent("øverl")}`)).text();
    expect(found).toContain("Åse Øverland");
    expect(found).not.toContain("Kari Nordmann");
  });

  it("answers a bad filter with the API's rule beside its field, in the console's words", async () => {
    const response = await get(`${BASE}?expires_within_days=lots`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("må være et helt antall dager fra 0 til 3650");
  });

  it("downloads the current view as the API's CSV", async () => {
    const response = await get(`${BASE}.csv?expires_within_days=60`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const csv = await response.text();
    const api = await request(
      "/api/v1/peer-mentors?expires_within_days=60&sort=certification_expiry_date",
      {
        token: await tokenFor(DEMO_ORGANIZATION),
        headers: { Accept: "text/csv" },
      },
    );
    expect(csv).toBe(await api.text());
  });
});

describe("a mentor's page and its writes", () => {
  it("shows the fields and days until expiry", async () => {
    const text = await pageText(await get(`${BASE}/mentor_a1b2c3`));
    expect(text).toContain("Kari Nordmann");
    expect(text).toContain("kari.nordmann@frivillig.no");
    expect(text).toContain("+47 912 34 567");
    expect(text).toContain("300 dager igjen");
  });

  it("renews a certification, and the history says the member did it", async () => {
    const mentorId = await addMentor("Fornyes", "2020-01-01");
    const renewed = await post(`${BASE}/${mentorId}/certification-expiry`, {
      revision: await revisionOf(mentorId),
      certification_expiry_date: "2032-05-01",
    });
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get("Location")).toBe(`${BASE}/${mentorId}?notice=saved`);
    const page = await pageText(await get(`${BASE}/${mentorId}?notice=saved`));
    expect(page).toContain("Lagret.");
    expect(page).toContain("Utløpt → Aktiv");
    expect(page).toContain(memberName);
    // The API's history names the member too (its new field), as the same rule wrote it.
    const history = await request(`/api/v1/peer-mentors/${mentorId}/status-history`, {
      token: await tokenFor(DEMO_ORGANIZATION),
    });
    const body = await history.json<{ data: { to_status: string; changed_by: unknown }[] }>();
    expect(body.data[0]).toMatchObject({
      to_status: "active",
      changed_by: { kind: "console_member", name: memberName },
    });
  });

  it("pauses with a reason and resumes, and writes the webhook event as the API does", async () => {
    const mentorId = await addMentor("Pause");
    const paused = await post(`${BASE}/${mentorId}/status`, {
      revision: await revisionOf(mentorId),
      status: "paused",
      reason: "Permisjon til påske",
    });
    expect(paused.status).toBe(303);
    const page = await pageText(await get(`${BASE}/${mentorId}`));
    expect(page).toContain("Aktiv → Pause");
    expect(page).toContain("Permisjon til påske");
    const resumed = await post(`${BASE}/${mentorId}/status`, {
      revision: await revisionOf(mentorId),
      status: "active",
    });
    expect(resumed.status).toBe(303);
    expect(await pageText(await get(`${BASE}/${mentorId}`))).toContain("Pause → Aktiv");
    const events = await env.DB.prepare(
      "SELECT json_extract(data, '$.to_status') AS to_status FROM webhook_events WHERE mentor_id = ? ORDER BY created_at, rowid",
    )
      .bind(mentorId)
      .all<{ to_status: string }>();
    expect(events.results.map((event) => event.to_status)).toEqual(["paused", "active"]);
  });

  it("edits the details, and keeps what was typed beside the refused rule when one is wrong", async () => {
    const mentorId = await addMentor("Endres");
    const bad = await post(`${BASE}/${mentorId}`, {
      revision: await revisionOf(mentorId),
      full_name: "Endret Navn",
      email: "ikke-en-adresse",
      phone: "12",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('class="summary"');
    expect(html).toContain('href="#email"');
    expect(html).toContain('href="#phone"');
    expect(html).toContain("må være 5 til 32 tegn: sifre, mellomrom og + - ( )");
    expect(html).toContain("må være én e-postadresse, som kari@eksempel.no");
    expect(html).toContain('value="Endret Navn"');
    expect(html).toContain('value="ikke-en-adresse"');
    const good = await post(`${BASE}/${mentorId}`, {
      revision: await revisionOf(mentorId),
      full_name: "Endret Navn",
      email: "endret.navn@frivillig.no",
      phone: "+47 400 00 000",
      is_hlf: "on",
    });
    expect(good.status).toBe(303);
    const text = await pageText(await get(`${BASE}/${mentorId}`));
    expect(text).toContain("Endret Navn");
    expect(text).toContain("+47 400 00 000");
  });

  it("refuses a stale form: nothing overwritten, the current values shown with a message", async () => {
    const mentorId = await addMentor("Samtidig");
    const seen = await revisionOf(mentorId);
    // Another coordinator, through the API, changes the name meanwhile.
    const changed = await send(
      `/api/v1/peer-mentors/${mentorId}`,
      "PUT",
      { full_name: "Først Lagret" },
      await tokenFor(DEMO_ORGANIZATION),
    );
    expect(changed.status).toBe(200);
    const stale = await post(`${BASE}/${mentorId}`, {
      revision: seen,
      full_name: "Senere Lagret",
      email: "senere@frivillig.no",
      phone: "",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Noen andre endret denne likepersonen");
    expect(html).toContain('value="Først Lagret"');
    const mentor = await env.DB.prepare("SELECT full_name FROM peer_mentors WHERE mentor_id = ?")
      .bind(mentorId)
      .first<{ full_name: string }>();
    expect(mentor?.full_name).toBe("Først Lagret");
    // A stale delete erases nothing either.
    const staleDelete = await post(`${BASE}/${mentorId}/delete`, {
      revision: seen,
      confirm: "yes",
    });
    expect(staleDelete.status).toBe(409);
    expect((await get(`${BASE}/${mentorId}`)).status).toBe(200);
  });

  it("marks the public roster changed, as the API's writes do (stale copies, issue 30)", async () => {
    const mentorId = await addMentor("Merket");
    const before = await rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id);
    const paused = await post(`${BASE}/${mentorId}/status`, {
      status: "paused",
      reason: "Permisjon",
      revision: await revisionOf(mentorId),
    });
    expect(paused.status).toBe(303);
    await expect
      .poll(() => rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id), { timeout: 3_000 })
      .toBeGreaterThan(before);
    const marked = await rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const deleted = await post(`${BASE}/${mentorId}/delete`, {
      confirm: "yes",
      revision: await revisionOf(mentorId),
    });
    expect(deleted.status).toBe(303);
    await expect
      .poll(() => rosterChangedAt(env.TOKENS, DEMO_ORGANIZATION.id), { timeout: 3_000 })
      .toBeGreaterThan(marked);
  });

  it("deletes only with the confirmation, then the mentor is gone", async () => {
    const mentorId = await addMentor("Slettes");
    const unconfirmed = await post(`${BASE}/${mentorId}/delete`, {
      revision: await revisionOf(mentorId),
    });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Slettes Testesen");
    const deleted = await post(`${BASE}/${mentorId}/delete`, {
      revision: await revisionOf(mentorId),
      confirm: "yes",
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("Location")).toBe(`${BASE}?notice=deleted`);
    expect((await get(`${BASE}/${mentorId}`)).status).toBe(404);
  });

  it("adds a mentor with the API's rules: a taken email is refused beside its field", async () => {
    const response = await post(BASE, {
      full_name: "Dobbel",
      email: "kari.nordmann@frivillig.no",
      certification_expiry_date: "2030-01-01",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("hører allerede til en annen likeperson i registeret");
    expect(html).toContain('value="Dobbel"');
  });
});

describe("who did what", () => {
  it("names the hourly job for a change by expiry date, on the mentor's page", async () => {
    const mentorId = await addMentor("Utløper", "2031-01-01");
    // The job runs a day after the expiry date.
    await runCron(new Date("2031-01-02T00:00:00Z"));
    // The job also pruned this session, dead at that hour: a new one.
    session = await sessionFor(memberEmail);
    const text = await pageText(await get(`${BASE}/${mentorId}`));
    expect(text).toContain("Aktiv → Utløpt");
    expect(text).toContain("Timejobben");
  });

  it("records the key's id and label on an API change", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    const mentorId = await addMentor("Api");
    const paused = await send(
      `/api/v1/peer-mentors/${mentorId}/status`,
      "PATCH",
      { status: "paused" },
      token,
    );
    expect(paused.status).toBe(200);
    const body = await (
      await request(`/api/v1/peer-mentors/${mentorId}/status-history`, { token })
    ).json<{
      data: { changed_by: { kind: string; id: string; name: string } }[];
    }>();
    expect(body.data[0]?.changed_by).toMatchObject({ kind: "api_key", name: "test" });
    expect(body.data[0]?.changed_by.id).toMatch(/^tok_/);
    expect(await pageText(await get(`${BASE}/${mentorId}`))).toContain("API-nøkkel test");
  });
});
