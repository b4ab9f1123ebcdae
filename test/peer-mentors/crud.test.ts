import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_ORGANIZATION, loadDataset, request, send, tokenFor } from "../support/helpers.ts";

const MENTORS = "/api/v1/peer-mentors";
let token: string;

beforeAll(async () => {
  await loadDataset({ organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Example Org" }] });
  token = await tokenFor(DEMO_ORGANIZATION);
});

type Mentor = Record<string, unknown> & { mentor_id: string; updated_at: string };

let emailCount = 0;
const freshEmail = () => `ingrid.berg${++emailCount}@frivillig.no`;

async function create(body: Record<string, unknown> = {}) {
  const response = await send(
    MENTORS,
    "POST",
    {
      full_name: "Ingrid Berg",
      email: freshEmail(),
      phone: "+47 987 65 432",
      is_hlf: false,
      certification_expiry_date: "2099-06-01T00:00:00Z",
      ...body,
    },
    token,
  );
  expect(response.status).toBe(201);
  return response.json<Mentor>();
}

const details = async (response: Response) =>
  (await response.json<{ details: { field: string }[] }>()).details.map((d) => d.field).sort();

describe("POST /api/v1/peer-mentors", () => {
  it("creates a mentor and answers 201 with the full record", async () => {
    const mentor = await create({ full_name: "  Øyvind Åsheim  ", email: "Øyvind.Å@Frivillig.NO" });
    expect(mentor).toEqual({
      mentor_id: expect.stringMatching(/^mentor_[a-z0-9]{12,}$/) as unknown,
      full_name: "Øyvind Åsheim",
      email: "øyvind.å@frivillig.no",
      org_id: "org_x9y8z7",
      status: "active",
      is_hlf: false,
      is_paused: false,
      phone: "+47 987 65 432",
      certification_expiry_date: "2099-06-01T00:00:00Z",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
      updated_at: mentor.created_at,
    });
    const stored = await request(`${MENTORS}/${mentor.mentor_id}`, { token });
    expect(await stored.json()).toEqual(mentor);
  });

  it("takes a plain date or any ISO date-time and always answers in UTC seconds", async () => {
    const date = await create({ certification_expiry_date: "2027-06-01" });
    expect(date.certification_expiry_date).toBe("2027-06-01T00:00:00Z");
    const offset = await create({ certification_expiry_date: "2027-06-01T02:30:00.750+02:00" });
    expect(offset.certification_expiry_date).toBe("2027-06-01T00:30:00Z");
  });

  it("defaults phone to null and is_hlf to false, and accepts the token's org_id", async () => {
    const mentor = await create({ phone: undefined, is_hlf: undefined, org_id: "org_x9y8z7" });
    expect(mentor).toMatchObject({ phone: null, is_hlf: false });
  });

  it("lists every failing field in one 400", async () => {
    const response = await send(
      MENTORS,
      "POST",
      {
        full_name: "   ",
        email: "not-an-email",
        phone: "call me",
        certification_expiry_date: "2027-02-30",
        status: "active",
      },
      token,
    );
    expect(response.status).toBe(400);
    expect(await details(response)).toEqual([
      "certification_expiry_date",
      "email",
      "full_name",
      "phone",
      "status",
    ]);
  });

  it("requires full_name, email and certification_expiry_date", async () => {
    const response = await send(MENTORS, "POST", {}, token);
    expect(response.status).toBe(400);
    expect(await details(response)).toEqual(["certification_expiry_date", "email", "full_name"]);
  });

  it("answers a duplicate email in the organization, in any case, with 409", async () => {
    const mentor = await create();
    const response = await send(
      MENTORS,
      "POST",
      {
        full_name: "Someone Else",
        email: String(mentor.email).toUpperCase(),
        certification_expiry_date: "2099-01-01",
      },
      token,
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: "A peer mentor with this email already exists in the organization",
    });
  });

  it("answers malformed JSON with 400 and a body that is not JSON with 415", async () => {
    const malformed = await request(MENTORS, {
      method: "POST",
      token,
      headers: { "Content-Type": "application/json" },
      body: '{"full_name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: "Malformed JSON in request body" });

    const notJson: Record<string, string>[] = [{ "Content-Type": "text/plain" }, {}];
    for (const headers of notJson) {
      const response = await request(MENTORS, { method: "POST", token, headers, body: "{}" });
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({ error: "Content-Type must be application/json" });
    }
  });
});

describe("PUT /api/v1/peer-mentors/:id", () => {
  it("changes profile fields and answers the full record", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-03-26T10:00:00Z"));
      const mentor = await create();
      vi.setSystemTime(new Date("2026-03-26T10:15:00Z"));
      const response = await send(
        `${MENTORS}/${mentor.mentor_id}`,
        "PUT",
        { full_name: "Ingrid Berg-Olsen", phone: null, is_hlf: true },
        token,
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ...mentor,
        full_name: "Ingrid Berg-Olsen",
        phone: null,
        is_hlf: true,
        updated_at: "2026-03-26T10:15:00Z",
      });

      vi.setSystemTime(new Date("2026-03-26T10:30:00Z"));
      const unchanged = await send(
        `${MENTORS}/${mentor.mentor_id}`,
        "PUT",
        { full_name: "Ingrid Berg-Olsen" },
        token,
      );
      expect((await unchanged.json<Mentor>()).updated_at).toBe("2026-03-26T10:15:00Z");
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects any other field, naming it, and an empty body", async () => {
    const mentor = await create();
    const path = `${MENTORS}/${mentor.mentor_id}`;
    const response = await send(
      path,
      "PUT",
      { full_name: "X", status: "paused", org_id: "org_x9y8z7", created_at: "2020-01-01" },
      token,
    );
    expect(response.status).toBe(400);
    expect(await details(response)).toEqual(["created_at", "org_id", "status"]);
    const empty = await send(path, "PUT", {}, token);
    expect(empty.status).toBe(400);
  });

  it("answers 409 for another mentor's email", async () => {
    const first = await create();
    const second = await create();
    const response = await send(
      `${MENTORS}/${second.mentor_id}`,
      "PUT",
      { email: first.email },
      token,
    );
    expect(response.status).toBe(409);
  });
});

describe("DELETE /api/v1/peer-mentors/:id", () => {
  it("erases the mentor and everything that names them", async () => {
    const mentor = await create({ full_name: "Gunnhild Sletten" });
    await send(
      `${MENTORS}/${mentor.mentor_id}/status`,
      "PATCH",
      { status: "paused", reason: "Sykemeldt" },
      token,
    );

    const response = await request(`${MENTORS}/${mentor.mentor_id}`, { method: "DELETE", token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: true, mentor_id: mentor.mentor_id });

    for (const table of ["peer_mentors", "peer_mentor_status_changes"]) {
      const rows = await env.DB.prepare(`SELECT * FROM ${table}`).all();
      expect(JSON.stringify(rows.results)).not.toContain(mentor.mentor_id);
      expect(JSON.stringify(rows.results)).not.toContain("Gunnhild");
      expect(JSON.stringify(rows.results)).not.toContain("Sykemeldt");
    }
    const again = await request(`${MENTORS}/${mentor.mentor_id}`, { method: "DELETE", token });
    expect(again.status).toBe(404);
    const get = await request(`${MENTORS}/${mentor.mentor_id}`, { token });
    expect(get.status).toBe(404);
    expect(await get.json()).toEqual({ error: "Peer mentor not found" });
  });
});

describe("unknown mentors and methods", () => {
  it.each([
    ["GET", ""],
    ["PUT", ""],
    ["DELETE", ""],
    ["PATCH", "/status"],
    ["PATCH", "/certification-expiry"],
    ["GET", "/status-history"],
  ])("answers %s %s of an unknown id with 404", async (method, suffix) => {
    const body =
      method === "PUT"
        ? { full_name: "X" }
        : suffix === "/status"
          ? { status: "paused" }
          : { expiry_date: "2027-01-01" };
    const path = `${MENTORS}/mentor_doesnotexist${suffix}`;
    const response =
      method === "GET" ? await request(path, { token }) : await send(path, method, body, token);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "Peer mentor not found" });
  });

  it.each([
    ["PATCH", ""],
    ["DELETE", ""],
    ["POST", "/mentor_x"],
    ["GET", "/mentor_x/status"],
    ["POST", "/mentor_x/status-history"],
  ])("answers %s %s with 405", async (method, path) => {
    const response = await request(`${MENTORS}${path}`, { method, token });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBeTruthy();
  });
});

describe("logs", () => {
  it("carry no personal data when a write fails", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await env.DB.exec("DROP TABLE peer_mentor_status_changes");
      await env.DB.exec("DROP TABLE peer_mentors");
      const response = await send(
        MENTORS,
        "POST",
        {
          full_name: "Signe Personvern",
          email: "signe@frivillig.no",
          phone: "+47 400 00 000",
          certification_expiry_date: "2030-01-01",
        },
        token,
      );
      expect(response.status).toBe(500);
      const lines = logged.mock.calls.map((call) => call.join(" "));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("no such table");
      for (const secret of ["Signe", "signe@", "400 00 000", token]) {
        expect(lines[0]).not.toContain(secret);
      }
    } finally {
      logged.mockRestore();
    }
  });
});
