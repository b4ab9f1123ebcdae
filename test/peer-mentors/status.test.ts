import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_ORGANIZATION, loadDataset, send, tokenFor, request } from "../support/helpers.ts";

const MENTORS = "/api/v1/peer-mentors";
let token: string;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  await loadDataset({ organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Example Org" }] });
  token = await tokenFor(DEMO_ORGANIZATION);
});
afterEach(() => {
  vi.useRealTimers();
});

async function createMentor(email: string, certification_expiry_date: string) {
  const response = await send(
    MENTORS,
    "POST",
    { full_name: "Kari Nordmann", email, certification_expiry_date },
    token,
  );
  expect(response.status).toBe(201);
  return response.json<{ mentor_id: string; status: string; updated_at: string }>();
}

describe("the spec's certification-expiry example", () => {
  it("answers 354 days for 2027-03-15 on 2026-03-26", async () => {
    vi.setSystemTime(new Date("2026-03-01T08:00:00Z"));
    const mentor = await createMentor("kari@frivillig.no", "2026-11-15");
    vi.setSystemTime(new Date("2026-03-26T10:25:00Z"));
    const response = await send(
      `${MENTORS}/${mentor.mentor_id}/certification-expiry`,
      "PATCH",
      { expiry_date: "2027-03-15T00:00:00Z" },
      token,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      mentor_id: mentor.mentor_id,
      certification_expiry_date: "2027-03-15T00:00:00Z",
      status: "active",
      days_until_expiry: 354,
      updated_at: "2026-03-26T10:25:00Z",
    });
  });
});

type StatusAnswer = { status: string; is_paused: boolean; updated_at: string };
type ExpiryAnswer = { status: string; days_until_expiry: number; updated_at: string };

const NOW = "2026-03-26T10:25:00Z";

let mentorCount = 0;
async function mentorExpiringAt(expiry: string) {
  vi.setSystemTime(new Date(NOW));
  return createMentor(`mentor${++mentorCount}@frivillig.no`, expiry);
}

const setStatus = async (mentorId: string, status: string, reason?: string) => {
  const response = await send(`${MENTORS}/${mentorId}/status`, "PATCH", { status, reason }, token);
  expect(response.status).toBe(200);
  return response.json<StatusAnswer>();
};

const setExpiry = async (mentorId: string, expiry_date: string) => {
  const response = await send(
    `${MENTORS}/${mentorId}/certification-expiry`,
    "PATCH",
    { expiry_date },
    token,
  );
  expect(response.status).toBe(200);
  return response.json<ExpiryAnswer>();
};

describe("the status table, with the clock at 2026-03-26T10:25:00Z and 60 warning days", () => {
  it.each([
    ["far ahead", "2027-03-15", "active"],
    ["61 days ahead", "2026-05-26", "active"],
    ["60 days ahead", "2026-05-25", "warning"],
    ["40 days ahead (the spec's Ole Hansen)", "2026-05-05", "warning"],
    ["later today", "2026-03-26T10:25:01Z", "warning"],
    ["exactly now", "2026-03-26T10:25:00Z", "expired"],
    ["earlier today", "2026-03-26T00:00:00Z", "expired"],
    ["yesterday", "2026-03-25", "expired"],
  ])("expiring %s (%s) is %s", async (_when, expiry, status) => {
    const mentor = await mentorExpiringAt(expiry);
    expect(mentor.status).toBe(status);
  });

  it.each([
    ["2027-03-15", 354],
    ["2026-03-26T23:59:59Z", 0],
    ["2026-03-27T00:00:00Z", 1],
    ["2026-03-25T23:59:59Z", -1],
  ])("counts days_until_expiry to %s as %i whole UTC calendar days", async (expiry, days) => {
    const mentor = await mentorExpiringAt("2030-01-01");
    expect((await setExpiry(mentor.mentor_id, expiry)).days_until_expiry).toBe(days);
  });

  it("is paused while paused, whatever the expiry, and stays paused through expiry changes", async () => {
    const mentor = await mentorExpiringAt("2027-03-15");
    expect(await setStatus(mentor.mentor_id, "paused", "On leave until April 2026")).toMatchObject({
      status: "paused",
      is_paused: true,
    });
    expect((await setExpiry(mentor.mentor_id, "2026-01-01")).status).toBe("paused");
    expect((await setExpiry(mentor.mentor_id, "2026-04-01")).status).toBe("paused");
  });

  it("un-pauses with active, showing the derived status", async () => {
    const mentor = await mentorExpiringAt("2026-04-05");
    await setStatus(mentor.mentor_id, "paused");
    expect(await setStatus(mentor.mentor_id, "active")).toMatchObject({
      status: "warning",
      is_paused: false,
    });
  });

  it("marks expired by hand until set active or given a new expiry date", async () => {
    const mentor = await mentorExpiringAt("2027-03-15");
    await setStatus(mentor.mentor_id, "paused");
    expect(await setStatus(mentor.mentor_id, "expired")).toMatchObject({
      status: "expired",
      is_paused: false,
    });
    expect((await setStatus(mentor.mentor_id, "active")).status).toBe("active");

    await setStatus(mentor.mentor_id, "expired");
    expect((await setExpiry(mentor.mentor_id, "2027-03-15")).status).toBe("active");
  });

  it("rejects warning and unknown statuses, and an over-long reason", async () => {
    const mentor = await mentorExpiringAt("2027-03-15");
    for (const body of [
      { status: "warning" },
      { status: "retired" },
      {},
      { status: "paused", reason: "x".repeat(501) },
    ]) {
      const response = await send(`${MENTORS}/${mentor.mentor_id}/status`, "PATCH", body, token);
      expect(response.status).toBe(400);
    }
    expect((await setStatus(mentor.mentor_id, "paused", "x".repeat(500))).status).toBe("paused");
  });
});

describe("updated_at and the status history", () => {
  it("moves updated_at when, and only when, the record changes", async () => {
    const mentor = await mentorExpiringAt("2027-03-15");
    vi.setSystemTime(new Date("2026-03-27T09:00:00Z"));
    const paused = await setStatus(mentor.mentor_id, "paused");
    expect(paused.updated_at).toBe("2026-03-27T09:00:00Z");

    vi.setSystemTime(new Date("2026-03-28T09:00:00Z"));
    expect((await setStatus(mentor.mentor_id, "paused")).updated_at).toBe("2026-03-27T09:00:00Z");
    const sameExpiry = await setExpiry(mentor.mentor_id, "2027-03-15");
    expect(sameExpiry.updated_at).toBe("2026-03-27T09:00:00Z");
  });

  it("records every change by hand and by expiry date, newest first", async () => {
    const mentor = await mentorExpiringAt("2027-03-15");
    vi.setSystemTime(new Date("2026-03-27T09:00:00Z"));
    await setStatus(mentor.mentor_id, "paused", "On leave until April 2026");
    vi.setSystemTime(new Date("2026-03-28T09:00:00Z"));
    await setStatus(mentor.mentor_id, "active");
    vi.setSystemTime(new Date("2026-03-29T09:00:00Z"));
    await setExpiry(mentor.mentor_id, "2026-04-10");
    await setExpiry(mentor.mentor_id, "2026-04-11"); // still warning: no status change

    const response = await request(`${MENTORS}/${mentor.mentor_id}/status-history`, { token });
    expect(response.status).toBe(200);
    // Who: the key the requests authenticated with (tokenFor labels it "test").
    const byKey = { kind: "api_key", id: expect.stringMatching(/^tok_/) as unknown, name: "test" };
    expect(await response.json()).toEqual({
      mentor_id: mentor.mentor_id,
      data: [
        {
          from_status: "active",
          to_status: "warning",
          reason: null,
          source: "api",
          changed_at: "2026-03-29T09:00:00Z",
          changed_by: byKey,
        },
        {
          from_status: "paused",
          to_status: "active",
          reason: null,
          source: "api",
          changed_at: "2026-03-28T09:00:00Z",
          changed_by: byKey,
        },
        {
          from_status: "active",
          to_status: "paused",
          reason: "On leave until April 2026",
          source: "api",
          changed_at: "2026-03-27T09:00:00Z",
          changed_by: byKey,
        },
      ],
    });
  });
});
