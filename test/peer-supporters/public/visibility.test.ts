import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../../src/auth/tokens.ts";
import worker from "../../../src/index.ts";
import { DEMO_ORGANIZATION, loadDemoData, request, send, tokenFor } from "../../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
const MENTORS = "/api/v1/peer-mentors";
let secret: string;
let publishable: string;

type Managed = {
  id: number;
  hidden_reasons: string[];
  visible_publicly: boolean;
  mentor_id: string | null;
};

beforeAll(async () => {
  await loadDemoData();
  secret = await tokenFor(DEMO_ORGANIZATION);
  publishable = (await createToken(env.TOKENS, DEMO_ORGANIZATION, "site", { kind: "publishable" }))
    .token;
});

let mentorCount = 0;
/** A mentor of organization 5 in `status`: certification days from now, paused by PATCH. */
async function mentorIn(status: "active" | "warning" | "expired" | "paused"): Promise<string> {
  const days = { active: 400, warning: 20, expired: -5, paused: 400 }[status];
  const expiry = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const created = await send(
    MENTORS,
    "POST",
    {
      full_name: "Likeperson",
      email: `likeperson${++mentorCount}@frivillig.no`,
      certification_expiry_date: expiry,
    },
    secret,
  );
  expect(created.status).toBe(201);
  const { mentor_id } = await created.json<{ mentor_id: string }>();
  if (status === "paused") {
    expect((await send(`${MENTORS}/${mentor_id}/status`, "PATCH", { status }, secret)).status).toBe(
      200,
    );
  }
  return mentor_id;
}

let nameCount = 0;
/** A name only this member has, so a search for it bypasses every cached public page. */
const uniqueName = () => `Synlig${String.fromCharCode(97 + (nameCount % 26))}${++nameCount}q`;

async function member(body: Record<string, unknown>) {
  const firstName = uniqueName();
  const response = await send(
    ROSTER,
    "POST",
    { first_name: firstName, time_zone: "Europe/Oslo", ...body },
    secret,
  );
  expect(response.status).toBe(201);
  return { firstName, record: await response.json<Managed>() };
}

/** The public roster's ids for a search term, on a fresh cache entry. */
async function publicIds(term: string): Promise<number[]> {
  const response = await request(
    `${ROSTER}?key=${publishable}&q=${encodeURIComponent(term)}&items=${50 + (nameCount++ % 50)}`,
  );
  expect(response.status).toBe(200);
  const body = await response.json<{ peer_supporters: { id: number }[] }>();
  return body.peer_supporters.map((s) => s.id);
}

describe("who the public roster shows", () => {
  const cases: [string, boolean, "none" | "active" | "warning" | "expired" | "paused", string[]][] =
    [];
  for (const status of ["approved", "pending"])
    for (const listed of [true, false])
      for (const mentor of ["none", "active", "warning", "expired", "paused"] as const) {
        const reasons = [
          ...(status === "pending" ? ["pending"] : []),
          ...(listed ? [] : ["not_listed"]),
          ...(mentor === "expired" ? ["certification_expired"] : []),
          ...(mentor === "paused" ? ["mentor_paused"] : []),
        ];
        cases.push([status, listed, mentor, reasons]);
      }

  it.each(cases)(
    "%s, listed %s, mentor %s: hidden for %j",
    async (status, listed, mentor, reasons) => {
      const mentorId = mentor === "none" ? null : await mentorIn(mentor);
      const { firstName, record } = await member({ status, listed, mentor_id: mentorId });
      expect(record.hidden_reasons).toEqual(reasons);
      expect(record.visible_publicly).toBe(reasons.length === 0);
      expect(record.mentor_id).toBe(mentorId);
      expect(await publicIds(firstName)).toEqual(reasons.length === 0 ? [record.id] : []);
      // The secret list shows every member, as the spec says.
      const listed_ = await request(`${ROSTER}?q=${firstName}`, { token: secret });
      expect((await listed_.json<{ total_items: number }>()).total_items).toBe(1);
    },
  );

  it("follows the mentor's status with no write to the member", async () => {
    const mentorId = await mentorIn("active");
    const { firstName, record } = await member({ status: "approved", mentor_id: mentorId });
    expect(await publicIds(firstName)).toEqual([record.id]);
    await send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "paused" }, secret);
    expect(await publicIds(firstName)).toEqual([]);
    await send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "active" }, secret);
    expect(await publicIds(firstName)).toEqual([record.id]);
    // The certificate lapses: the cron's refresh stores `expired`, and the member is off the page.
    const past = new Date(Date.now() + 500 * 86_400_000);
    await send(
      `${MENTORS}/${mentorId}/certification-expiry`,
      "PATCH",
      { expiry_date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) },
      secret,
    );
    expect(await publicIds(firstName)).toEqual([record.id]); // warning still shows
    await worker.scheduled(
      createScheduledController({ scheduledTime: past.getTime(), cron: "0 * * * *" }),
      env,
    );
    expect(await publicIds(firstName)).toEqual([]);
    const read = await request(`${ROSTER}/${record.id}`, { token: secret });
    expect((await read.json<Managed>()).hidden_reasons).toEqual(["certification_expired"]);
  });
});

describe("every reason, and the clock", () => {
  it("names both when the mentor is paused and the certificate has lapsed", async () => {
    const mentorId = await mentorIn("paused");
    const { firstName, record } = await member({ status: "approved", mentor_id: mentorId });
    expect(record.hidden_reasons).toEqual(["mentor_paused"]);
    const lapsed = await send(
      `${MENTORS}/${mentorId}/certification-expiry`,
      "PATCH",
      { expiry_date: "2020-01-01" },
      secret,
    );
    expect(lapsed.status).toBe(200);
    const read = await request(`${ROSTER}/${record.id}`, { token: secret });
    expect((await read.json<Managed>()).hidden_reasons).toEqual([
      "certification_expired",
      "mentor_paused",
    ]);
    // Un-pausing alone does not bring the member back: the certificate is still out of date.
    await send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "active" }, secret);
    expect(await publicIds(firstName)).toEqual([]);
  });

  it("takes a member off the page when the expiry instant passes, before any cron run", async () => {
    const mentorId = await mentorIn("active");
    const soon = new Date(Date.now() + 2_000).toISOString();
    await send(
      `${MENTORS}/${mentorId}/certification-expiry`,
      "PATCH",
      { expiry_date: soon },
      secret,
    );
    const { firstName, record } = await member({ status: "approved", mentor_id: mentorId });
    expect(await publicIds(firstName)).toEqual([record.id]);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await publicIds(firstName)).toEqual([]);
    const read = await request(`${ROSTER}/${record.id}`, { token: secret });
    expect((await read.json<Managed>()).hidden_reasons).toEqual(["certification_expired"]);
  });
});

describe("public search", () => {
  it("matches first names and bios, never the last name the page does not show", async () => {
    const { record } = await member({
      first_name: "Offentlig",
      last_name: "Hemmeligsen",
      status: "approved",
      bio: "Treffer på bio",
    });
    expect(await publicIds("hemmeligsen")).toEqual([]);
    expect(await publicIds("he")).not.toContain(record.id); // the short-term scan, too
    expect(await publicIds("offentlig")).toEqual([record.id]);
    expect(await publicIds("treffer på")).toEqual([record.id]);
    const secretList = await request(`${ROSTER}?q=hemmeligsen`, { token: secret });
    expect((await secretList.json<{ total_items: number }>()).total_items).toBe(1);
  });
});

describe("the mentor link", () => {
  it("refuses an unknown mentor or another organization's with a 400 naming mentor_id", async () => {
    // mentor_v6w9x2 is organization 6's.
    for (const mentor_id of ["mentor_nope", "mentor_v6w9x2"]) {
      const response = await send(
        ROSTER,
        "POST",
        { first_name: "A", time_zone: "UTC", mentor_id },
        secret,
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ details: [{ field: "mentor_id" }] });
      const patched = await send(
        `${ROSTER}/812`,
        "PATCH",
        { mentor_id, bio: "not written" },
        secret,
      );
      expect(patched.status).toBe(400);
    }
    const unchanged = await (
      await request(`${ROSTER}/812`, { token: secret })
    ).json<{
      mentor_id: string | null;
      bio: string | null;
    }>();
    expect(unchanged.mentor_id).toBeNull();
    expect(unchanged.bio).not.toBe("not written");
  });

  it("links a mentor to one member only (409), and deleting the mentor clears the link", async () => {
    const mentorId = await mentorIn("active");
    const { record } = await member({ mentor_id: mentorId });
    const second = await send(
      ROSTER,
      "POST",
      { first_name: "B", time_zone: "UTC", mentor_id: mentorId },
      secret,
    );
    expect(second.status).toBe(409);
    const onPatch = await send(`${ROSTER}/813`, "PATCH", { mentor_id: mentorId }, secret);
    expect(onPatch.status).toBe(409);
    expect(
      (await request(`${MENTORS}/${mentorId}`, { method: "DELETE", token: secret })).status,
    ).toBe(200);
    const read = await request(`${ROSTER}/${record.id}`, { token: secret });
    expect(await read.json()).toMatchObject({ mentor_id: null });
    // Unlinking is a PATCH with null.
    const relinked = await send(
      `${ROSTER}/${record.id}`,
      "PATCH",
      { mentor_id: await mentorIn("active") },
      secret,
    );
    expect(relinked.status).toBe(200);
    const unlinked = await send(`${ROSTER}/${record.id}`, "PATCH", { mentor_id: null }, secret);
    expect(await unlinked.json()).toMatchObject({ mentor_id: null });
  });
});
