import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATION, loadDemoData } from "../support/helpers.ts";
import { sentTo } from "../support/email-helpers.ts";
import {
  consoleFetch,
  emailedLink,
  newMember,
  sessionFrom,
  signIn,
} from "../support/console-helpers.ts";

beforeAll(() => loadDemoData());

const tokenOf = (link: URL) => link.pathname.split("/").pop() ?? "";

describe("sign-in by emailed link", () => {
  it("emails a member a link whose page signs in only by its button (POST)", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const asked = await consoleFetch("/console/sign-in", { form: { email: member.email } });
    expect(asked.status).toBe(200);
    const link = await emailedLink(member.email);
    expect(link.origin).toBe("https://peer-roster.test");
    // Opening the link (a mail scanner too) signs nobody in and uses nothing up.
    for (let i = 0; i < 2; i++) {
      const opened = await consoleFetch(link.pathname);
      expect(opened.status).toBe(200);
      expect(sessionFrom(opened)).toBeUndefined();
      expect(await opened.text()).toContain(`value="${tokenOf(link)}"`);
    }
    const signedIn = await consoleFetch("/console/sign-in/link", {
      form: { token: tokenOf(link) },
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(
      /^__Host-console_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/m,
    );
    // One organization: straight to its mentors.
    const home = await consoleFetch("/console", { session: sessionFrom(signedIn) });
    expect(home.status).toBe(303);
    expect(home.headers.get("Location")).toBe(`/console/${DEMO_ORGANIZATION.publicId}/mentors`);
  });

  it("uses a link once: the second POST and a later GET say it is used, and sign nobody in", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    await signIn(member.email);
    const token = tokenOf(await emailedLink(member.email));
    const again = await consoleFetch("/console/sign-in/link", { form: { token } });
    expect(again.status).toBe(410);
    expect(sessionFrom(again)).toBeUndefined();
    expect(await again.text()).toContain('href="/console/sign-in"');
    expect((await consoleFetch(`/console/sign-in/link/${token}`)).status).toBe(410);
  });

  it("lets exactly one of two simultaneous uses of a link sign in", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    await consoleFetch("/console/sign-in", { form: { email: member.email } });
    const token = tokenOf(await emailedLink(member.email));
    const both = await Promise.all([
      consoleFetch("/console/sign-in/link", { form: { token } }),
      consoleFetch("/console/sign-in/link", { form: { token } }),
    ]);
    expect(both.map((response) => response.status).sort()).toEqual([303, 410]);
  });

  it("stores only the token's hash, and a link older than 15 minutes no longer works", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    await consoleFetch("/console/sign-in", { form: { email: member.email } });
    const token = tokenOf(await emailedLink(member.email));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await env.DB.prepare("SELECT * FROM console_sign_in_links WHERE email = ?")
      .bind(member.email)
      .all<Record<string, string>>();
    expect(rows.results).toHaveLength(1);
    expect(JSON.stringify(rows.results)).not.toContain(token);
    // The email's row keeps the link only until it is sent.
    const stored = await env.DB.prepare(
      "SELECT data FROM emails WHERE kind = 'console_sign_in' AND recipients LIKE ?",
    )
      .bind(`%${member.email}%`)
      .all<{ data: string | null }>();
    expect(stored.results.map((row) => row.data)).toEqual([null]);
    // 15 minutes and a second later.
    await env.DB.prepare(
      "UPDATE console_sign_in_links SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 second') WHERE email = ?",
    )
      .bind(member.email)
      .run();
    expect((await consoleFetch(`/console/sign-in/link/${token}`)).status).toBe(410);
    const late = await consoleFetch("/console/sign-in/link", { form: { token } });
    expect(late.status).toBe(410);
    expect(sessionFrom(late)).toBeUndefined();
  });

  it("answers an unknown address exactly as a known one, and emails nobody", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const unknown = "ukjent.person@frivillig.no";
    const known = await consoleFetch("/console/sign-in", { form: { email: member.email } });
    const stranger = await consoleFetch("/console/sign-in", { form: { email: unknown } });
    expect(stranger.status).toBe(known.status);
    const withoutAddress = (html: string, address: string) => html.replaceAll(address, "ADDRESS");
    expect(withoutAddress(await stranger.text(), unknown)).toBe(
      withoutAddress(await known.text(), member.email),
    );
    await emailedLink(member.email);
    expect(sentTo(unknown)).toEqual([]);
    const links = await env.DB.prepare(
      "SELECT count(*) AS n FROM console_sign_in_links WHERE email = ?",
    )
      .bind(unknown)
      .first<{ n: number }>();
    expect(links?.n).toBe(0);
  });

  it("refuses what is not one address, with the error beside the field and the text kept", async () => {
    const response = await consoleFetch("/console/sign-in", {
      form: { email: "Kari <kari@frivillig.no>" },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('href="#email"');
    expect(html).toContain('value="Kari &lt;kari@frivillig.no&gt;"');
  });

  it("limits attempts per address: past the limit a 429 with Retry-After", async () => {
    const member = await newMember(DEMO_ORGANIZATION.id);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await consoleFetch("/console/sign-in", { form: { email: member.email } })).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await consoleFetch("/console/sign-in", { form: { email: member.email } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
  });
});
