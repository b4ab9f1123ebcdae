import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { createDatabase } from "../../src/db/client.ts";
import { claimIdempotencyKey } from "../../src/db/idempotency-keys.ts";
import { hexDigest } from "../../src/lib/hex-digest.ts";
import { isoSeconds } from "../../src/lib/time.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
  tokenFor,
} from "../support/helpers.ts";
import { clientRequest, fetchWithFaults, statementsStarting } from "../support/fault-injection.ts";

/* Idempotency-Key on the creating POSTs (issue 20 §2). */

const MENTORS = "/api/v1/peer-mentors";
let token: string;
let otherToken: string;

beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
  otherToken = await tokenFor(OTHER_ORGANIZATION);
});

function post(path: string, body: unknown, key: string, as = token) {
  return request(path, {
    method: "POST",
    token: as,
    headers: { "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify(body),
  });
}

/** POSTs under `key` with every try of the statement starting `insert` failing `when` it runs. */
async function postFailing(
  path: string,
  body: unknown,
  key: string,
  insert: string,
  when: "before" | "after",
) {
  const { response } = await fetchWithFaults(
    [{ matches: statementsStarting(insert), when }],
    clientRequest(path, { method: "POST", token, body, headers: { "Idempotency-Key": key } }),
  );
  return response;
}

const mentorsWithEmail = async (email: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM peer_mentors WHERE email = ?")
      .bind(email)
      .first<{ n: number }>()
  )?.n;

const mentor = (email: string) => ({
  full_name: "Nøkkel Mentor",
  email,
  certification_expiry_date: "2030-01-01",
});

describe("Idempotency-Key", () => {
  it("answers a repeated POST with the first answer and creates one mentor", async () => {
    const first = await post(MENTORS, mentor("once@frivillig.no"), "key-once");
    expect(first.status).toBe(201);
    const again = await post(MENTORS, mentor("once@frivillig.no"), "key-once");
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    for (const header of ["Location", "ETag", "Content-Type"]) {
      expect(again.headers.get(header), header).toBe(first.headers.get(header));
    }
    expect(await again.text()).toBe(await first.text());
    expect(await mentorsWithEmail("once@frivillig.no")).toBe(1);
  });

  it("refuses the key with another body (422) or another route, and writes nothing", async () => {
    expect((await post(MENTORS, mentor("body-a@frivillig.no"), "key-body")).status).toBe(201);
    const other = await post(MENTORS, mentor("body-b@frivillig.no"), "key-body");
    expect(other.status).toBe(422);
    expect(await mentorsWithEmail("body-b@frivillig.no")).toBe(0);
    const hook = { url: "https://example.org/hooks/k", events: ["peer_mentor.status_changed"] };
    expect((await post("/api/v1/webhooks", hook, "key-body")).status).toBe(422);
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const body = mentor("running@frivillig.no");
    // The first request's claim, as it stands while that request runs.
    await claimIdempotencyKey(
      createDatabase(env.DB),
      {
        organizationId: DEMO_ORGANIZATION.id,
        key: "key-running",
        fingerprint: await fingerprintOf(MENTORS, body),
        claim: "first-request",
      },
      new Date(),
    );
    const second = await post(MENTORS, body, "key-running");
    expect(second.status).toBe(409);
    expect(await mentorsWithEmail("running@frivillig.no")).toBe(0);
  });

  it("keeps keys per organization", async () => {
    expect((await post(MENTORS, mentor("mine@frivillig.no"), "key-shared")).status).toBe(201);
    const theirs = await post(MENTORS, mentor("theirs@frivillig.no"), "key-shared", otherToken);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("keeps no 5xx: after a failed first try the same key may be sent again", async () => {
    const body = mentor("failed-first@frivillig.no");
    const failed = await postFailing(
      MENTORS,
      body,
      "key-5xx",
      'insert into "peer_mentors"',
      "before",
    );
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await post(MENTORS, body, "key-5xx")).status).toBe(201);
    expect(await mentorsWithEmail("failed-first@frivillig.no")).toBe(1);
  });

  it("refuses a key that is not 1 to 255 visible ASCII characters", async () => {
    expect((await post(MENTORS, mentor("bad-key@frivillig.no"), "x".repeat(256))).status).toBe(400);
    expect((await post(MENTORS, mentor("bad-key@frivillig.no"), "two words")).status).toBe(400);
  });

  it("covers roster members and webhooks too", async () => {
    const member = { first_name: "Nøkkel", time_zone: "UTC" };
    const path = "/api/v2/organizations/5/peer_supporters";
    const first = await post(path, member, "key-member");
    const again = await post(path, member, "key-member");
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    const hook = { url: "https://example.org/hooks/once", events: ["peer_mentor.status_changed"] };
    const hookFirst = await post("/api/v1/webhooks", hook, "key-hook");
    const hookAgain = await post("/api/v1/webhooks", hook, "key-hook");
    expect(await hookAgain.json()).toEqual(await hookFirst.json());
    const endpoints = await env.DB.prepare(
      "SELECT count(*) AS n FROM webhook_endpoints WHERE url = 'https://example.org/hooks/once'",
    ).first<{ n: number }>();
    expect(endpoints?.n).toBe(1);
  });

  it("creates a record once when its first try committed but answered 503 on every attempt", async () => {
    /** A create whose every try commits and then reports failure, and its retry with the key. */
    async function committedButFailed(path: string, body: unknown, key: string, insert: string) {
      const failed = await postFailing(path, body, key, insert, "after");
      expect(failed.status).toBe(503);
      const retried = await post(path, body, key);
      expect(retried.status).toBe(201);
      return retried.json<Record<string, unknown>>();
    }
    const count = async (query: string, value: string | number) =>
      (await env.DB.prepare(query).bind(value).first<{ n: number }>())?.n;

    const created = await committedButFailed(
      MENTORS,
      mentor("ambiguous@frivillig.no"),
      "key-ambiguous-mentor",
      'insert into "peer_mentors"',
    );
    expect(await mentorsWithEmail("ambiguous@frivillig.no")).toBe(1);
    const stored = await env.DB.prepare(
      "SELECT mentor_id, created_at FROM peer_mentors WHERE email = 'ambiguous@frivillig.no'",
    ).first<{ mentor_id: string; created_at: string }>();
    expect(created).toMatchObject({ mentor_id: stored?.mentor_id });

    const member = await committedButFailed(
      "/api/v2/organizations/5/peer_supporters",
      { first_name: "Tvilsom", time_zone: "UTC" },
      "key-ambiguous-member",
      'insert into "users"',
    );
    expect(await count("SELECT count(*) AS n FROM users WHERE first_name = ?", "Tvilsom")).toBe(1);
    expect(member).toMatchObject({ first_name: "Tvilsom" });
    // Deleting the member erases a key that names them, by its reservation alone too (a 5xx's).
    await env.DB.prepare(
      `INSERT INTO idempotency_keys (organization_id, key, fingerprint, claim, created_record, created_at)
       VALUES (5, 'key-released-member', 'f', '', json_object('user_id', 0, 'member_id', ?), ?)`,
    )
      .bind(Number(member.id), isoSeconds(new Date()))
      .run();
    const keyRows = () =>
      count(
        "SELECT count(*) AS n FROM idempotency_keys WHERE json_extract(created_record, '$.member_id') = ?",
        Number(member.id),
      );
    expect(await keyRows()).toBe(2);
    const removed = await request(`/api/v2/organizations/5/peer_supporters/${String(member.id)}`, {
      method: "DELETE",
      token,
    });
    expect(removed.status).toBe(200);
    expect(await keyRows()).toBe(0);

    const url = "https://example.org/hooks/ambiguous";
    const hook = await committedButFailed(
      "/api/v1/webhooks",
      { url, events: ["peer_mentor.status_changed"] },
      "key-ambiguous-hook",
      'insert into "webhook_endpoints"',
    );
    expect(await count("SELECT count(*) AS n FROM webhook_endpoints WHERE url = ?", url)).toBe(1);
    // The answer is the endpoint that was stored, signing secret included.
    const endpoint = await env.DB.prepare(
      "SELECT webhook_id, secret FROM webhook_endpoints WHERE url = ?",
    )
      .bind(url)
      .first<{ webhook_id: string; secret: string }>();
    expect(hook).toMatchObject({ webhook_id: endpoint?.webhook_id, secret: endpoint?.secret });
  });

  it("is pruned by the hourly cron once past its lifetime", async () => {
    expect((await post(MENTORS, mentor("pruned@frivillig.no"), "key-pruned")).status).toBe(201);
    const count = () =>
      env.DB.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'key-pruned'").first<{
        n: number;
      }>();
    expect((await count())?.n).toBe(1);
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now() + 25 * 3_600_000, cron: "0 * * * *" }),
      env,
    );
    expect((await count())?.n).toBe(0);
  });
});

/** The fingerprint src/http/idempotency.ts computes. */
const fingerprintOf = (path: string, body: unknown) =>
  hexDigest("SHA-256", `POST ${path}\n${JSON.stringify(body)}`);
