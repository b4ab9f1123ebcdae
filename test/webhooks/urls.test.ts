import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { isPublicIp, parseIpLiteral } from "../../src/webhooks/ip-literal.ts";
import { webhookUrlProblem } from "../../src/webhooks/schemas.ts";
import { DEMO_ORGANIZATION, loadDemoData, request, send, tokenFor } from "../support/helpers.ts";
import { WEBHOOKS } from "../support/webhook-helpers.ts";

let token: string;
beforeAll(async () => {
  await loadDemoData();
  token = await tokenFor(DEMO_ORGANIZATION);
});

/** POST /api/v1/webhooks as production runs it: WEBHOOKS_ALLOW_LOCAL_HTTP off. */
const subscribeInProduction = (url: string) =>
  worker.fetch(
    new Request(`https://peer-roster.test${WEBHOOKS}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ url, events: ["peer_mentor.status_changed"] }),
    }),
    { ...env, WEBHOOKS_ALLOW_LOCAL_HTTP: "false" },
    createExecutionContext(),
  );

describe("webhook URLs in production", () => {
  it("refuse what the adversarial run got in, with a 400 naming url", async () => {
    const probes = [
      "https://127.0.0.1",
      "https://localhost",
      "https://app.localhost",
      "https://[::1]",
      "https://10.0.0.1",
      "https://169.254.169.254",
      "https://2852039166",
      "https://0xa9fea9fe",
      "https://[::ffff:a9fe:a9fe]",
      "https://0.0.0.0",
      "https://[fd00::1]",
      "https://100.100.100.200",
      "https://metadata.google.internal",
      "https://printer.local",
      "https://intranet",
      "https://example.org:22",
      "http://example.org",
    ];
    for (const url of probes) {
      const response = await subscribeInProduction(url);
      expect(response.status, url).toBe(400);
      expect(await response.json(), url).toMatchObject({ details: [{ field: "url" }] });
    }
  });

  it("take https to a public host on 443", async () => {
    for (const url of [
      "https://example.org/hooks",
      "https://example.org:443/x",
      "https://8.8.8.8/h",
    ]) {
      const response = await subscribeInProduction(url);
      expect(response.status, url).toBe(201);
      const { webhook_id } = await response.json<{ webhook_id: string }>();
      await request(`${WEBHOOKS}/${webhook_id}`, { method: "DELETE", token });
    }
  });

  it("are checked again at delivery: a stored internal URL is never fetched", async () => {
    const webhookId = "whk_storedinternal01";
    await env.DB.prepare(
      "INSERT INTO webhook_endpoints (webhook_id, organization_id, url, events, secret, created_at) VALUES (?, 5, ?, ?, 'whsec_x', '2026-01-01T00:00:00Z')",
    )
      .bind(
        webhookId,
        "https://169.254.169.254/latest",
        JSON.stringify(["peer_mentor.status_changed"]),
      )
      .run();
    const created = await send(
      "/api/v1/peer-mentors",
      "POST",
      { full_name: "Probe", email: "probe@frivillig.no", certification_expiry_date: "2030-01-01" },
      token,
    );
    const { mentor_id } = await created.json<{ mentor_id: string }>();
    await send(`/api/v1/peer-mentors/${mentor_id}/status`, "PATCH", { status: "paused" }, token);
    let deliveries: { outcome: string; error: string | null; response_status: number | null }[] =
      [];
    await expect
      .poll(
        async () => {
          const response = await request(`${WEBHOOKS}/${webhookId}/deliveries`, { token });
          deliveries = (await response.json<{ data: typeof deliveries }>()).data;
          return deliveries.length;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBeGreaterThan(0);
    expect(deliveries[0]).toMatchObject({ outcome: "failed", response_status: null });
    expect(deliveries[0]?.error).toMatch(/^not delivered: the URL must not be/);
  });
});

// Non-public IPv4 ranges, and public ones, as [first address, prefix length].
const NON_PUBLIC: [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0xe0000000, 4],
  [0xf0000000, 4],
];
const PUBLIC: [number, number][] = [
  [0x01000000, 8],
  [0x08000000, 8],
  [0x5d000000, 8],
  [0xc6330000, 16],
];

const addressIn = (ranges: [number, number][]) =>
  fc
    .tuple(fc.constantFrom(...ranges), fc.integer({ min: 0, max: 0xffffffff }))
    .map(([[start, bits], noise]) => (start | (noise >>> bits)) >>> 0);

const bytesOf = (address: number) => [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff);

/** One number in decimal, 0x hex (either case) or 0-prefixed octal. */
const numberSpelling = (value: number) =>
  fc.constantFrom(
    String(value),
    `0x${value.toString(16)}`,
    `0X${value.toString(16).toUpperCase()}`,
    `0${value.toString(8)}`,
    `0x${value.toString(16).padStart(8, "0")}`,
  );

/** Every way a URL host can spell an IPv4 address: 4, 3, 2 or 1 parts, each in any base, IPv4-mapped IPv6. */
const spellingsOf = (address: number) => {
  const [a = 0, b = 0, c = 0, d = 0] = bytesOf(address);
  const parts = (values: number[]) =>
    fc.tuple(...values.map(numberSpelling)).map((spelled) => spelled.join("."));
  const mappedHex = `${(address >>> 16).toString(16)}:${(address & 0xffff).toString(16)}`;
  return fc.oneof(
    parts([a, b, c, d]),
    parts([a, b, (c << 8) | d]),
    parts([a, ((b << 16) | (c << 8) | d) >>> 0]),
    parts([address]),
    fc.constantFrom(
      `[::ffff:${a}.${b}.${c}.${d}]`,
      `[::ffff:${mappedHex}]`,
      `[0:0:0:0:0:ffff:${mappedHex}]`,
      `[::FFFF:${mappedHex.toUpperCase()}]`,
    ),
  );
};

describe("IP literals in every spelling (property)", () => {
  const params = { seed: 20_261_201, numRuns: 2_000 };

  it("a non-public address is refused however it is spelled", () => {
    fc.assert(
      fc.property(
        addressIn(NON_PUBLIC).chain((address) => spellingsOf(address)),
        fc.boolean(),
        (host, trailingDot) => {
          const url = `https://${host}${trailingDot && !host.startsWith("[") ? "." : ""}/hook`;
          expect(webhookUrlProblem(url, false), url).toMatch(/^must not be/);
          expect(webhookUrlProblem(url, true), url).toBeDefined();
        },
      ),
      params,
    );
  });

  it("a public address is taken however it is spelled", () => {
    fc.assert(
      fc.property(addressIn(PUBLIC).chain(spellingsOf), (host) => {
        expect(webhookUrlProblem(`https://${host}/hook`, false), host).toBeUndefined();
      }),
      params,
    );
  });

  it("the parser reads each spelling as the address it stands for, before URL rewrites it", () => {
    fc.assert(
      fc.property(
        addressIn([...NON_PUBLIC, ...PUBLIC]).chain((address) =>
          spellingsOf(address).map((host) => [address, host] as const),
        ),
        ([address, host]) => {
          const parsed = parseIpLiteral(host);
          const value = parsed?.version === 4 ? parsed.value : (parsed?.value ?? 0n) & 0xffffffffn;
          expect(value, host).toBe(BigInt(address));
          expect(isPublicIp(parsed ?? { version: 4, value: 0n }), host).toBe(
            !NON_PUBLIC.some(([start, bits]) => address >>> (32 - bits) === start >>> (32 - bits)),
          );
        },
      ),
      params,
    );
  });

  it("IPv6 outside global unicast is refused, zero-compressed or not", () => {
    const prefixes = [0xfc00, 0xfd12, 0xfe80, 0xfebf, 0xff02, 0x0000, 0x0100];
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }),
        fc.boolean(),
        (first, rest, compress) => {
          const groups = [first, ...rest].map((group) => group.toString(16));
          const text = compress
            ? `${groups[0] ?? ""}::${groups.slice(5).join(":")}`
            : groups.join(":");
          expect(webhookUrlProblem(`https://[${text}]/`, false), text).toMatch(/^must not be/);
        },
      ),
      params,
    );
  });
});
