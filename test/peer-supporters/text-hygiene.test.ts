import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import {
  DEMO_ORGANIZATION,
  importInto,
  loadDemoDataWithToken,
  request,
  send,
  tokenFor,
  publishableKeyFor,
} from "../support/helpers.ts";

const ROSTER = "/api/v2/organizations/5/peer_supporters";
let secret: string;
let publishable: string;

beforeAll(async () => {
  secret = await loadDemoDataWithToken();
  publishable = await publishableKeyFor();
});

// One code point of each kind that could trip a layer: controls, bidi
// controls, a noncharacter, private use, the BOM, combining marks, astral.
const CODE_POINTS = [
  0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1f, 0x22, 0x27, 0x25, 0x2a, 0x5c, 0x7f, 0x80, 0x85, 0x9f, 0xa0,
  0xad, 0x030a, 0x061c, 0x200b, 0x200e, 0x202e, 0x2066, 0x2028, 0xfeff, 0xfffd, 0xfffe, 0xffff,
  0xe000, 0x1f4a5, 0x10ffff,
];

/** `q` values: each code point alone, inside a word (the index path) and doubled, plus every raw byte. */
function searchTerms(): string[] {
  const terms: string[] = [];
  for (const point of CODE_POINTS) {
    const char = encodeURIComponent(String.fromCodePoint(point));
    terms.push(char, `ja${char}ne`, `${char}${char}`, `gri${char}ef`);
  }
  // Every byte percent-encoded, invalid UTF-8 (a lone surrogate's encoding, %FF) included.
  for (let byte = 0; byte < 256; byte++) {
    terms.push(`ja%${byte.toString(16).padStart(2, "0").toUpperCase()}ne`);
  }
  terms.push("%ED%A0%80", "ja%ED%A0%80ne", "%F4%90%80%80");
  return terms;
}

describe("q with any code point or byte", () => {
  it("is never a 5xx, with a secret key or a publishable one, short or long", async () => {
    const statuses = new Map<number, number>();
    let sent = 0;
    let token = secret;
    for (const q of searchTerms()) {
      // More requests than a key's per-minute limit: a fresh secret key every 200.
      if (sent++ % 200 === 0) token = await tokenFor(DEMO_ORGANIZATION);
      const viaSecret = await request(`${ROSTER}?items=100&q=${q}`, { token });
      const viaPublishable = await request(`${ROSTER}?items=100&q=${q}&key=${publishable}`, {
        headers: { "CF-Connecting-IP": `198.51.100.${sent % 250}` },
      });
      const mentors = await request(`/api/v1/peer-mentors?q=${q}`, { token });
      for (const response of [viaSecret, viaPublishable, mentors]) {
        expect(response.status, q).toBeLessThan(500);
        if (response.status === 400) {
          const body = await response.json<{ details: { field: string }[] }>();
          expect(body.details.map((detail) => detail.field)).toEqual(["q"]);
        } else {
          expect(response.status, q).toBe(200);
          await response.body?.cancel();
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }
    expect([...statuses.keys()].sort()).toEqual([200, 400]);
  }, 120_000);
});

const MENTORS = "/api/v1/peer-mentors";
// Each refused where text is stored: NUL, another C0 control, DEL, a C1 control, bidi override and isolate, lone surrogates.
const UNSAFE = ["\u0000", "\u001b", "\u007f", "\u0085", "\u202e", "\u2067", "\ud800", "\udfff"];
const mentor = (extra: Record<string, unknown>) => ({
  full_name: "Kari Nordmann",
  email: `kari.${crypto.randomUUID()}@frivillig.no`,
  certification_expiry_date: "2099-01-01",
  ...extra,
});
const pause = (mentorId: string, reason: string, token: string) =>
  send(`${MENTORS}/${mentorId}/status`, "PATCH", { status: "paused", reason }, token);
const fields = async (response: Response) =>
  (await response.json<{ details: { field: string; message: string }[] }>()).details;

describe("text fields of API bodies", () => {
  it("refuse controls, bidi overrides and lone surrogates with a 400 naming the field", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    for (const char of UNSAFE) {
      const named = await send(MENTORS, "POST", mentor({ full_name: `Ka${char}ri` }), token);
      expect(named.status, JSON.stringify(char)).toBe(400);
      expect(await fields(named)).toEqual([
        { field: "full_name", message: expect.stringMatching(/^must not contain /) as unknown },
      ]);
      const [local, domain] = mentor({}).email.split("@");
      const mailed = await send(
        MENTORS,
        "POST",
        mentor({ email: `${local}${char}@${domain}` }),
        token,
      );
      expect(mailed.status, JSON.stringify(char)).toBe(400);
      expect((await fields(mailed)).map((detail) => detail.field)).toContain("email");
    }
    const created = await send(MENTORS, "POST", mentor({}), token);
    const { mentor_id } = await created.json<{ mentor_id: string }>();
    const reason = await pause(mentor_id, "on leave\u202e", token);
    expect(reason.status).toBe(400);
    expect((await fields(reason)).map((detail) => detail.field)).toEqual(["reason"]);
  });

  it("keep tab and line breaks in multi-line text, and names exactly as sent", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    const name = "Åse \u200fاسم\u200e Øverland 💥";
    const created = await send(MENTORS, "POST", mentor({ full_name: name }), token);
    expect(created.status).toBe(201);
    const { mentor_id, full_name } = await created.json<{ mentor_id: string; full_name: string }>();
    expect(full_name).toBe(name);
    const read = await request(`${MENTORS}/${mentor_id}`, { token });
    expect((await read.json<{ full_name: string }>()).full_name).toBe(name);
    const paused = await pause(mentor_id, "on leave\n\tuntil June", token);
    expect(paused.status).toBe(200);
  });

  it("store emails NFC-normalized, so composed and decomposed are one address", async () => {
    const token = await tokenFor(DEMO_ORGANIZATION);
    const composed = `k\u00e5ri.${crypto.randomUUID()}@bl\u00e5b\u00e6r.no`;
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    const first = await send(MENTORS, "POST", mentor({ email: decomposed }), token);
    expect(first.status).toBe(201);
    expect((await first.json<{ email: string }>()).email).toBe(composed);
    const second = await send(MENTORS, "POST", mentor({ email: composed }), token);
    expect(second.status).toBe(409);
  });
});

describe("text fields of an import file", () => {
  const organization = { id: 91, public_id: "org_hygiene", name: "Hygiene" };
  const user = (first_name: string, about: string | null = null) => ({
    id: 9_101,
    first_name,
    time_zone: "Europe/Oslo",
    about,
  });

  it("are refused with the record and field named, and nothing written", async () => {
    for (const char of UNSAFE) {
      const result = await importInto({
        organizations: [organization],
        users: [user(`Ja${char}ne`)],
      });
      expect(result, JSON.stringify(char)).toMatchObject({
        ok: false,
        errors: [
          {
            field: "users[0].first_name",
            message: expect.stringMatching(/^must not contain /) as unknown,
          },
        ],
      });
    }
    const about = await importInto({
      organizations: [organization],
      users: [user("Jane", "a\u0000b")],
    });
    expect(about).toMatchObject({ ok: false, errors: [{ field: "users[0].about" }] });
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM organizations WHERE id = 91",
    ).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("dedupe mentors' emails after NFC", async () => {
    const email = "k\u00e5ri@frivillig.no";
    const record = (mentor_id: string, address: string) => ({
      mentor_id,
      org_id: organization.public_id,
      full_name: "Kåri",
      email: address,
      certification_expiry_date: "2099-01-01",
    });
    const result = await importInto({
      organizations: [organization],
      peer_mentors: [record("mentor_nfc1", email), record("mentor_nfc2", email.normalize("NFD"))],
    });
    expect(result).toMatchObject({ ok: false, errors: [{ field: "peer_mentors[1].email" }] });
  });
});
