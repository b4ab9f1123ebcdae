import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { emailAddress, emailAddressProblem } from "../../src/lib/email-address.ts";
import { SETTINGS_PATH } from "../support/email-helpers.ts";
import { loadDemoDataWithToken, send } from "../support/helpers.ts";

let token: string;
beforeAll(async () => {
  token = await loadDemoDataWithToken();
});

const PLAIN = "ole.hansen@frivillig.no";
// What hides in an address without showing: zero-width space, joiners, word joiner, soft
// hyphen, BOM, the bidi marks and controls, a variation selector, a tag, no-break space.
const INVISIBLE = [
  0x200b, 0x200c, 0x200d, 0x2060, 0xad, 0xfeff, 0x200e, 0x200f, 0x61c, 0x202e, 0x2066, 0xfe0f,
  0xe0041, 0xa0, 0x3000, 0x180e, 0x115f, 0x3164, 0x034f,
].map((point) => String.fromCodePoint(point));
const FULLWIDTH_OFFSET = 0xfee0;
const fullwidth = (char: string) =>
  /[!-~]/.test(char) ? String.fromCodePoint(char.charCodeAt(0) + FULLWIDTH_OFFSET) : char;

const position = fc.nat({ max: PLAIN.length });
const insertAt = (text: string, at: number, inserted: string) =>
  text.slice(0, at) + inserted + text.slice(at);

describe("one email-address rule", () => {
  it("refuses an invisible or format character anywhere", () => {
    fc.assert(
      fc.property(position, fc.constantFrom(...INVISIBLE), (at, char) => {
        expect(emailAddressProblem(insertAt(PLAIN, at, char))).toBeDefined();
      }),
    );
  });

  it("refuses fullwidth and other compatibility forms rather than changing them", () => {
    fc.assert(
      fc.property(fc.subarray([...Array.from(PLAIN).keys()], { minLength: 1 }), (indexes) => {
        const spelled = Array.from(PLAIN)
          .map((c, i) => (indexes.includes(i) ? fullwidth(c) : c))
          .join("");
        expect(emailAddressProblem(spelled)).toMatch(/compatibility form/);
      }),
    );
    for (const spelled of ["ﬁnn@frivillig.no", "ole²@frivillig.no", "ole@frivillig．no"]) {
      expect(emailAddressProblem(spelled), spelled).toBeDefined();
    }
  });

  it("refuses display names, angle brackets, quotes and lists", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("<", ">", '"', "(", ")", ",", ";", ":", "[", "]", "\\", " "),
        position,
        (char, at) => {
          expect(emailAddressProblem(insertAt(PLAIN, at, char))).toBeDefined();
        },
      ),
    );
    for (const spelled of [
      `<${PLAIN}>`,
      `Ole Hansen <${PLAIN}>`,
      `"Ole" ${PLAIN}`,
      `${PLAIN} (Ole)`,
    ]) {
      expect(emailAddressProblem(spelled), spelled).toBeDefined();
    }
  });

  it("keeps one form for every case and composition of the same address", () => {
    const local = fc.constantFrom("ole.hansen", "kåre", "åse-marie", "bjørn_ø");
    const domain = fc.constantFrom("frivillig.no", "blåbær.no", "eksempel.org");
    const caseFlips = fc.array(fc.boolean(), { minLength: 20, maxLength: 20 });
    fc.assert(
      fc.property(local, domain, caseFlips, fc.boolean(), (l, d, flips, decomposed) => {
        const address = `${l}@${d}`;
        let spelled = Array.from(address)
          .map((c, i) => (flips[i] ? c.toUpperCase() : c))
          .join("");
        if (decomposed) spelled = spelled.normalize("NFD");
        expect(emailAddress.parse(spelled)).toBe(address);
      }),
    );
  });
});

describe("the rule at the API", () => {
  const mentor = (email: string) => ({
    full_name: "Ole Hansen",
    email,
    certification_expiry_date: "2031-01-01",
  });

  const ADDRESS = "ola.privat@frivillig.no";
  it("a mentor's address: a zero-width space, a fullwidth letter or brackets are 400s, not a second mentor", async () => {
    expect((await send("/api/v1/peer-mentors", "POST", mentor(ADDRESS), token)).status).toBe(201);
    expect(
      (await send("/api/v1/peer-mentors", "POST", mentor("OLA.Privat@Frivillig.NO"), token)).status,
    ).toBe(409);
    for (const spelled of [
      "ole.hansen\u200b@frivillig.no",
      "ｏle.hansen@frivillig.no",
      `<${PLAIN}>`,
    ]) {
      const response = await send("/api/v1/peer-mentors", "POST", mentor(spelled), token);
      expect(response.status, spelled).toBe(400);
      expect(await response.json()).toMatchObject({ details: [{ field: "email" }] });
    }
  });

  it("coordinator_emails follow it too", async () => {
    for (const spelled of ["<a@b.no>", "a@b.no\u200b"]) {
      const response = await send(
        SETTINGS_PATH,
        "PUT",
        {
          coordinator_emails: [spelled],
          mentor_reminders: true,
          reminder_days: [30],
          language: "nb",
          weekly_digest: false,
        },
        token,
      );
      expect(response.status, spelled).toBe(400);
      expect(await response.json()).toMatchObject({
        details: [{ field: "coordinator_emails[0]" }],
      });
    }
  });
});
