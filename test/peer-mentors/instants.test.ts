import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EARLIEST_INSTANT, isoInstant, LATEST_INSTANT } from "../../src/peer-mentors/schemas.ts";
import {
  DEMO_ORGANIZATION,
  importInto,
  loadDataset,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";

/*
 * Every date the API takes ends up as an RFC 3339 date-time in UTC with a
 * four-digit year; an input whose UTC form would not (an offset carrying it
 * past year 9999 or before year 0) must be refused, never stored.
 */
const MENTORS = "/api/v1/peer-mentors";
const RFC3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
let token: string;

beforeAll(async () => {
  await loadDataset({ organizations: [{ id: 5, public_id: "org_x9y8z7", name: "Example Org" }] });
  token = await tokenFor(DEMO_ORGANIZATION);
});

const OUT_OF_RANGE = [
  "9999-12-31T23:59:59-14:00", // year 10000 in UTC
  "0000-01-01T00:00:00+14:00", // year -1 in UTC
  "2199-12-31T23:59:59-00:01", // 2200 in UTC
  "1999-12-31T23:59:59Z",
  "2200-01-01",
];

describe("certification dates", () => {
  it.each(OUT_OF_RANGE)("refuses %s on create, naming the field", async (date) => {
    const response = await send(
      MENTORS,
      "POST",
      { full_name: "Dato Grense", email: "dato@frivillig.no", certification_expiry_date: date },
      token,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      details: [
        {
          field: "certification_expiry_date",
          message: expect.stringMatching(/between/) as unknown,
        },
      ],
    });
  });

  it("refuses them on the expiry PATCH, and accepts both ends of the range", async () => {
    const created = await send(
      MENTORS,
      "POST",
      {
        full_name: "Dato Grense",
        email: "grense@frivillig.no",
        certification_expiry_date: "2030-01-01",
      },
      token,
    );
    const { mentor_id } = await created.json<{ mentor_id: string }>();
    const patch = (expiry_date: string) =>
      send(`${MENTORS}/${mentor_id}/certification-expiry`, "PATCH", { expiry_date }, token);
    for (const date of OUT_OF_RANGE) {
      const response = await patch(date);
      expect(response.status, date).toBe(400);
      expect(await response.json(), date).toMatchObject({ details: [{ field: "expiry_date" }] });
    }
    for (const [input, stored] of [
      ["2199-12-31T23:59:59Z", LATEST_INSTANT],
      ["2000-01-01T14:00:00+14:00", EARLIEST_INSTANT],
    ]) {
      const response = await patch(input ?? "");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ certification_expiry_date: stored });
    }
  });

  it("refuses them in an import, naming the record, and writes nothing", async () => {
    const mentor = (id: string, date: string) => ({
      mentor_id: id,
      org_id: "org_x9y8z7",
      full_name: "Langt Fram",
      email: `${id}@frivillig.no`,
      certification_expiry_date: date,
    });
    const result = await importInto({
      peer_mentors: [
        mentor("mentor_fine0001", "2030-01-01"),
        mentor("mentor_farfuture01", "9999-12-31T23:59:59-14:00"),
      ],
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ field: "peer_mentors[1].certification_expiry_date" }],
    });
    expect((await request(`${MENTORS}/mentor_fine0001`, { token })).status).toBe(404);
  });

  it("never yields a value outside RFC 3339 UTC with a four-digit year, whatever the offset", () => {
    const offset = fc
      .tuple(
        fc.constantFrom("+", "-"),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
      )
      .map(([sign, h, m]) => `${sign}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    const dateTime = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.oneof(fc.constant("Z"), offset),
      )
      .map(
        ([y, mo, d, h, mi, zone]) =>
          `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:00${zone}`,
      );
    // Years near both ends, where offsets cross the range's edges, are drawn often.
    const edges = fc.constantFrom(
      "9999-12-31T23:59:59-14:00",
      "0000-01-01T00:00:00+14:00",
      "1999-12-31T23:59:59-01:00",
    );
    fc.assert(
      fc.property(fc.oneof(dateTime, edges), (input) => {
        const result = isoInstant.safeParse(input);
        if (!result.success) return;
        expect(result.data).toMatch(RFC3339_UTC);
        expect(result.data >= EARLIEST_INSTANT && result.data <= LATEST_INSTANT).toBe(true);
      }),
      { seed: 20_261_122, numRuns: 2_000 },
    );
  });
});
