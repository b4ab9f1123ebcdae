import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData, request, tokenFor } from "../support/helpers.ts";
import { consoleFetch, newMember, ORIGIN, sessionFor } from "../support/console-helpers.ts";

/*
 * Found by the adversarial run against `npm run dev` (issue 30's "Done when"):
 * the console answers hostile form posts with a page, never a 500 and never
 * the API's JSON.
 */

const BASE = `/console/${DEMO_ORGANIZATION.publicId}/mentors`;
let session: string;
let apiToken: string;

beforeAll(async () => {
  await loadDemoData();
  session = await sessionFor((await newMember(DEMO_ORGANIZATION.id, "admin")).email);
  apiToken = await tokenFor(DEMO_ORGANIZATION);
});

/** A same-origin form post with the body and Content-Type as given. */
const rawPost = (path: string, contentType: string, body: string) =>
  exports.default.fetch(
    new Request(ORIGIN + path, {
      method: "POST",
      headers: {
        "Content-Type": contentType,
        Origin: ORIGIN,
        "Sec-Fetch-Site": "same-origin",
        Cookie: `__Host-console_session=${session}`,
      },
      body,
      redirect: "manual",
    }),
  );

async function expectErrorPage(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
  expect(await response.text()).toContain("<html");
}

describe("malformed console requests", () => {
  const mentorPath = `${BASE}/mentor_d4e5f6`;
  const targets = [
    "/console/sign-in",
    "/console/sign-in/link",
    "/console/language",
    BASE,
    mentorPath,
    `${mentorPath}/status`,
    `${mentorPath}/certification-expiry`,
    `${mentorPath}/delete`,
    `/console/${DEMO_ORGANIZATION.publicId}/team`,
  ];

  it("answers a multipart post without a boundary, or cut short, with a 400 page and writes nothing", async () => {
    const mentor = () => request("/api/v1/peer-mentors/mentor_d4e5f6", { token: apiToken });
    const before = await (await mentor()).json();
    for (const path of targets) {
      await expectErrorPage(await rawPost(path, "multipart/form-data", "x"), 400);
      await expectErrorPage(
        await rawPost(path, "multipart/form-data; boundary=XX", "--XX\r\ngarbage"),
        400,
      );
    }
    expect(await (await mentor()).json()).toEqual(before);
  });

  it("answers a form post over the body limit with a 413 page, not the API's JSON", async () => {
    const form = { full_name: "x".repeat(100_000), email: "a@example.no" };
    for (const path of ["/console/sign-in", BASE]) {
      await expectErrorPage(await consoleFetch(path, { form, session }), 413);
    }
  });

  it("answers a console page whose query has a `key` with a page, not the API's JSON", async () => {
    const response = await consoleFetch(`${BASE}?key=%zz`, { session });
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
  });
});
