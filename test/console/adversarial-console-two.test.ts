import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData } from "../support/helpers.ts";
import { consoleFetch, newMember, sessionFor } from "../support/console-helpers.ts";

/*
 * Found by the adversarial run against `npm run dev` on the console's part
 * two (issue 28), each red before its fix: a list page far past the end, and
 * a public page form shown before another save in the same second.
 */

const ORG = `/console/${DEMO_ORGANIZATION.publicId}`;
let admin: string;
let other: string;

beforeAll(async () => {
  await loadDemoData();
  admin = await sessionFor((await newMember(DEMO_ORGANIZATION.id, "admin")).email);
  other = await sessionFor((await newMember(DEMO_ORGANIZATION.id, "admin")).email);
});

const revisionOf = async (response: Response) =>
  /name="revision" value="([^"]*)"/.exec(await response.text())?.[1] ?? "";

describe("the console's part two under attack", () => {
  // GET /console/org_x9y8z7/roster?page=99999999999999999999 was a 500
  // ("datatype mismatch: SQLITE_MISMATCH": the offset past SQLite's integer).
  it.each(["roster", "mentors"])(
    "answers the %s list with a page far past the end with a page, not a 500",
    async (list) => {
      for (const page of ["184467440737095516", "99999999999999999999"]) {
        const response = await consoleFetch(`${ORG}/${list}?page=${page}`, { session: admin });
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
      }
    },
  );

  // The public page's revision is updated_at in whole seconds: a form shown
  // between two saves in the same second still matches after the second save,
  // and overwrites it without a 409 (5 of 5 tries against npm run dev).
  it("refuses a public page form shown before another save, even in the same second", async () => {
    const page = () => consoleFetch(`${ORG}/public-page`, { session: admin });
    const save = (session: string, revision: string, contactUrl: string) =>
      consoleFetch(`${ORG}/public-page/settings`, {
        session,
        form: { revision, show_motivation: "on", contact_url: contactUrl },
      });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await save(admin, await revisionOf(await page()), "https://a.example/")).status).toBe(
        303,
      );
      const shownToOther = await revisionOf(await page());
      const second = await save(
        admin,
        await revisionOf(await page()),
        `https://b${attempt}.example/`,
      );
      expect(second.status).toBe(303);
      // Made from the page as it was before the second save: it must not land.
      const stale = await save(other, shownToOther, "https://c.example/");
      expect(stale.status).toBe(409);
    }
  });
});
