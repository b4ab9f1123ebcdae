import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData } from "../support/helpers.ts";
import {
  SESSION_IDLE_MINUTES,
  SESSION_LIFETIME_HOURS,
} from "../../src/console/sessions/sessions.ts";
import { d1Any, fetchWithFaults } from "../support/fault-injection.ts";
import { runCron } from "../support/webhook-helpers.ts";
import { secretTokenHash } from "../../src/console/secret-token.ts";
import { consoleFetch, newMember, sessionFor, signIn } from "../support/console-helpers.ts";

beforeAll(() => loadDemoData());

const MENTORS = `/console/${DEMO_ORGANIZATION.publicId}/mentors`;

/** Whether the session opens the mentor list (200) or is sent to sign in (303). */
async function opens(session: string) {
  const response = await consoleFetch(MENTORS, { session });
  if (response.status === 303) expect(response.headers.get("Location")).toBe("/console/sign-in");
  return response.status === 200;
}

/** Moves a session's instants back by `minutes`. */
const age = (column: "last_seen_at" | "expires_at", minutes: number) =>
  env.DB.prepare(
    `UPDATE console_sessions SET ${column} = strftime('%Y-%m-%dT%H:%M:%SZ', ${column}, ?)`,
  )
    .bind(`-${String(minutes)} minutes`)
    .run();

describe("console sessions", () => {
  it("store only the id's hash", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const session = await signIn(member.email);
    const rows = await env.DB.prepare("SELECT * FROM console_sessions WHERE email = ?")
      .bind(member.email)
      .all();
    expect(rows.results).toHaveLength(1);
    expect(JSON.stringify(rows.results)).not.toContain(session);
  });

  it("end after the idle timeout", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const session = await signIn(member.email);
    expect(await opens(session)).toBe(true);
    await age("last_seen_at", SESSION_IDLE_MINUTES + 1);
    expect(await opens(session)).toBe(false);
    // Ended for good: no later request brings it back.
    expect(await opens(session)).toBe(false);
  });

  it("end at their absolute lifetime, however busy", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const session = await signIn(member.email);
    await env.DB.prepare(
      "UPDATE console_sessions SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 second') WHERE email = ?",
    )
      .bind(member.email)
      .run();
    expect(await opens(session)).toBe(false);
    expect(SESSION_LIFETIME_HOURS).toBeGreaterThan(0);
  });

  it("end on the server at sign-out (a POST), not only in the browser", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const session = await signIn(member.email);
    // A GET never signs out (a link or a prefetch must not).
    await consoleFetch("/console/sign-out", { session });
    expect(await opens(session)).toBe(true);
    const signedOut = await consoleFetch("/console/sign-out", { form: {}, session });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.getSetCookie().join()).toMatch(/__Host-console_session=; Max-Age=0/);
    // The old cookie, replayed, opens nothing.
    expect(await opens(session)).toBe(false);
  });

  it("end at once for a removed member", async () => {
    const admin = await newMember(DEMO_ORGANIZATION.id, "admin");
    const member = await newMember(DEMO_ORGANIZATION.id);
    const [adminSession, memberSession] = [await signIn(admin.email), await signIn(member.email)];
    expect(await opens(memberSession)).toBe(true);
    const removed = await consoleFetch(
      `/console/${DEMO_ORGANIZATION.publicId}/team/${member.memberId}/remove`,
      { form: {}, session: adminSession },
    );
    expect(removed.status).toBe(303);
    expect(await opens(memberSession)).toBe(false);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM console_sessions WHERE email = ?")
      .bind(member.email)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("are pruned by the hourly job once dead, with used or expired sign-in links", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const [live, idle] = [await sessionFor(member.email), await sessionFor(member.email)];
    await env.DB.prepare(
      "UPDATE console_sessions SET last_seen_at = '2000-01-01T00:00:00Z' WHERE id_hash = ?",
    )
      .bind(await secretTokenHash(idle))
      .run();
    await runCron(new Date());
    const left = await env.DB.prepare("SELECT id_hash FROM console_sessions WHERE email = ?")
      .bind(member.email)
      .all<{ id_hash: string }>();
    expect(left.results.map((row) => row.id_hash)).toEqual([await secretTokenHash(live)]);
  });

  it("answer a 503 page with Retry-After while D1 fails, and a page, not JSON", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const session = await sessionFor(member.email);
    const request = new Request(`https://peer-roster.test${MENTORS}`, {
      headers: { Cookie: `__Host-console_session=${session}` },
    });
    const { response } = await fetchWithFaults([{ matches: d1Any, when: "before" }], request);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Midlertidig utilgjengelig");
  });

  it("send a request without a session to sign in, and a made-up cookie too", async () => {
    expect(await opens("x".repeat(43))).toBe(false);
    const bare = await consoleFetch(MENTORS);
    expect(bare.status).toBe(303);
    expect(bare.headers.get("Location")).toBe("/console/sign-in");
  });
});
