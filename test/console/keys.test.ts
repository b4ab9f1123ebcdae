import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken, listTokens } from "../../src/auth/tokens.ts";
import {
  DEMO_ORGANIZATION,
  loadDemoData,
  OTHER_ORGANIZATION,
  request,
} from "../support/helpers.ts";
import { consoleFetch, newMember, pageText, sessionFor } from "../support/console-helpers.ts";

const BASE = `/console/${DEMO_ORGANIZATION.publicId}/keys`;
let admin: string;
let coordinator: string;

beforeAll(async () => {
  await loadDemoData();
  admin = await sessionFor((await newMember(DEMO_ORGANIZATION.id, "admin", "Anne Admin")).email);
  coordinator = await sessionFor(
    (await newMember(DEMO_ORGANIZATION.id, "coordinator", "Kari Koordinator")).email,
  );
});

const keysOf5 = () => listTokens(env.TOKENS, DEMO_ORGANIZATION.id);
const keyChanges = async () =>
  (await env.DB.prepare("SELECT * FROM console_key_changes ORDER BY id").all()).results;

/** Everything a key write could change: the keys in KV and the recorded changes. */
const fingerprint = async () => JSON.stringify([await keysOf5(), await keyChanges()]);

describe("making keys", () => {
  it("makes a publishable key with its origins as the CLI takes them, shown with its snippet", async () => {
    const made = await consoleFetch(BASE, {
      session: admin,
      form: {
        kind: "publishable",
        label: "Nettsiden på Ålesund",
        origins: "https://www.frivillig.no/\r\n\r\nhttp://localhost:8080",
      },
    });
    expect(made.status).toBe(303);
    expect(made.headers.get("Location")).toBe(`${BASE}?notice=created`);
    const key = (await keysOf5()).find((record) => record.label === "Nettsiden på Ålesund");
    expect(key?.origins).toEqual(["https://www.frivillig.no", "http://localhost:8080"]);
    const token = key?.publishable_key ?? "";
    expect(token).toMatch(/^prt_pk_/);

    const page = await consoleFetch(`${BASE}?notice=created`, { session: coordinator });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(token);
    expect(html).toContain(
      `&lt;peer-supporters-directory organization=&quot;5&quot; key=&quot;${token}&quot;&gt;`,
    );
    // The key reads the public roster from the website it names.
    const roster = await request(
      `/api/v2/organizations/${String(DEMO_ORGANIZATION.id)}/peer_supporters`,
      {
        headers: { Authorization: `Bearer ${token}`, Origin: "https://www.frivillig.no" },
      },
    );
    expect(roster.status).toBe(200);
  });

  it("shows a secret key once, on the answer to the form, and stores only its hash", async () => {
    const made = await consoleFetch(BASE, {
      session: admin,
      form: { kind: "secret", label: "Utvikler", origins: "" },
    });
    expect(made.status).toBe(201);
    expect(made.headers.get("Cache-Control")).toBe("no-store");
    const token = /prt_[A-Za-z0-9_-]{43}/.exec(await made.text())?.[0] ?? "";
    expect(token).not.toBe("");
    expect((await request("/api/v1/peer-mentors", { token })).status).toBe(200);

    const again = await (await consoleFetch(BASE, { session: admin })).text();
    expect(again).toContain("Utvikler");
    expect(again).not.toContain(token);
    const stored = await env.TOKENS.list();
    for (const { name } of stored.keys) {
      expect(name).not.toContain(token);
      expect(await env.TOKENS.get(name)).not.toContain(token);
    }
    expect(JSON.stringify(await keyChanges())).not.toContain(token);
  });

  it("refuses what the CLI refuses, beside its field, keeping what was typed", async () => {
    const before = await fingerprint();
    const badOrigin = await consoleFetch(BASE, {
      session: admin,
      form: { kind: "publishable", label: "Feil", origins: "https://www.frivillig.no/side" },
    });
    expect(badOrigin.status).toBe(400);
    const html = await badOrigin.text();
    expect(html).toContain(
      "https://www.frivillig.no/side må være bare nettstedets adresse, uten sti",
    );
    expect(html).toContain('name="label" type="text" value="Feil"');
    const secretWithOrigins = await consoleFetch(BASE, {
      session: admin,
      form: { kind: "secret", label: "Feil", origins: "https://www.frivillig.no" },
    });
    expect(secretWithOrigins.status).toBe(400);
    expect(await pageText(secretWithOrigins)).toContain("gjelder bare publiserbare nøkler");
    // Within each field's own bound, too long for the key's record together.
    const tooLong = await consoleFetch(BASE, {
      session: admin,
      form: {
        kind: "publishable",
        label: "L".repeat(100),
        origins: Array.from(
          { length: 10 },
          (_, i) => `https://${"lokallag".repeat(8)}${String(i)}.frivillig.no`,
        ).join("\n"),
      },
    });
    expect(tooLong.status).toBe(400);
    expect(await pageText(tooLong)).toContain("Navnet og nettstedene er til sammen for lange");
    const noKind = await consoleFetch(BASE, { session: admin, form: { label: "Feil" } });
    expect(noKind.status).toBe(400);
    expect(await fingerprint()).toBe(before);
  });
});

describe("roles", () => {
  it("shows a coordinator the publishable keys only, and refuses their writes (403, nothing written)", async () => {
    await createToken(env.TOKENS, DEMO_ORGANIZATION, "Skjult hemmelig");
    const html = await (await consoleFetch(BASE, { session: coordinator })).text();
    expect(html).not.toContain("Skjult hemmelig");
    expect(html).not.toContain("/revoke");
    const [key] = await keysOf5();
    const before = await fingerprint();
    const writes = [
      [BASE, { kind: "secret", label: "Koordinatorens" }],
      [`${BASE}/${key?.token_id ?? ""}/revoke`, {}],
    ] as const;
    for (const [path, form] of writes) {
      const response = await consoleFetch(path, { session: coordinator, form: { ...form } });
      expect(response.status).toBe(403);
    }
    expect(
      (await consoleFetch(`${BASE}/${key?.token_id ?? ""}/revoke`, { session: coordinator }))
        .status,
    ).toBe(403);
    expect(await fingerprint()).toBe(before);
  });
});

describe("revoking", () => {
  it("asks first, then revokes the key, which stops working, and records who did", async () => {
    const { token, record } = await createToken(env.TOKENS, DEMO_ORGANIZATION, "Gammel");
    const confirm = await consoleFetch(`${BASE}/${record.token_id}/revoke`, { session: admin });
    expect(confirm.status).toBe(200);
    expect(await pageText(confirm)).toContain("Trekk tilbake Gammel");
    const revoked = await consoleFetch(`${BASE}/${record.token_id}/revoke`, {
      session: admin,
      form: {},
    });
    expect(revoked.status).toBe(303);
    expect((await request("/api/v1/peer-mentors", { token })).status).toBe(401);
    const history = await pageText(
      await consoleFetch(`${BASE}?notice=revoked`, { session: admin }),
    );
    expect(history).toContain("Nøkkelen er trukket tilbake.");
    expect(history).toMatch(/Trukket tilbake: Hemmelig Gammel Anne Admin/);
    expect(history).toMatch(/Laget: Publiserbar Nettsiden på Ålesund Anne Admin/);
  });

  it("answers 404 for another organization's key, which keeps working", async () => {
    const { token, record } = await createToken(env.TOKENS, OTHER_ORGANIZATION, "Naboens");
    for (const form of [undefined, {}]) {
      const response = await consoleFetch(`${BASE}/${record.token_id}/revoke`, {
        session: admin,
        form,
      });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("Naboens");
    }
    expect((await request("/api/v1/peer-mentors", { token })).status).toBe(200);
  });
});
