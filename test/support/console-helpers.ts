import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { createDatabase } from "../../src/db/client.ts";
import type { ConsoleRole } from "../../src/db/schema.ts";
import { addMember } from "../../src/console/members/queries.ts";
import { startSession } from "../../src/console/sessions/sessions.ts";
import { waitForEmails } from "./email-helpers.ts";

export const ORIGIN = "https://peer-roster.test";
const SESSION_COOKIE = "__Host-console_session";

export type ConsoleRequest = {
  method?: string;
  /** Sent as a form post from this origin, as a browser sends it. */
  form?: Record<string, string>;
  session?: string;
  headers?: Record<string, string>;
};

/** A request to the Worker as a browser on this origin makes it (same-origin form posts). */
export function consoleFetch(
  path: string,
  { method, form, session, headers = {} }: ConsoleRequest = {},
) {
  const outgoing = new Headers(headers);
  if (session !== undefined) {
    const cookies = [outgoing.get("Cookie"), `${SESSION_COOKIE}=${session}`];
    outgoing.set("Cookie", cookies.filter(Boolean).join("; "));
  }
  if (form !== undefined) {
    outgoing.set("Content-Type", "application/x-www-form-urlencoded");
    if (!outgoing.has("Origin")) outgoing.set("Origin", ORIGIN);
    if (!outgoing.has("Sec-Fetch-Site")) outgoing.set("Sec-Fetch-Site", "same-origin");
  }
  return exports.default.fetch(
    new Request(ORIGIN + path, {
      method: method ?? (form === undefined ? "GET" : "POST"),
      headers: outgoing,
      body: form === undefined ? undefined : new URLSearchParams(form).toString(),
      redirect: "manual",
    }),
  );
}

/** The session id a response's Set-Cookie gives, if any. */
export function sessionFrom(response: Response): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(cookie);
    if (match) return match[1] || undefined;
  }
  return undefined;
}

let members = 0;

/** A new member of `organizationId` with an address of their own. */
export async function newMember(
  organizationId: number,
  role: ConsoleRole = "coordinator",
  name?: string,
) {
  const email = `koordinator${String(++members)}.${crypto.randomUUID().slice(0, 8)}@frivillig.no`;
  return addMember(createDatabase(env.DB), {
    organizationId,
    email,
    role,
    displayName: name ?? `Kari ${String(members)}`,
  });
}

/** The sign-in link of the `count`th email to `email`, read back from what was sent. */
export async function emailedLink(email: string, count = 1) {
  const sent = await waitForEmails(email, count);
  const text = sent[count - 1]?.text ?? "";
  const link = /https?:\/\/\S+\/console\/sign-in\/link\/[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link).toBeDefined();
  return new URL(link ?? "");
}

/** Signs `email` in as a person does: the form, the emailed link, its button. A session id. */
export async function signIn(email: string, count = 1) {
  const asked = await consoleFetch("/console/sign-in", { form: { email } });
  expect(asked.status).toBe(200);
  const link = await emailedLink(email, count);
  const token = link.pathname.split("/").pop() ?? "";
  const signedIn = await consoleFetch("/console/sign-in/link", { form: { token } });
  expect(signedIn.status).toBe(303);
  const session = sessionFrom(signedIn);
  expect(session).toBeDefined();
  return session ?? "";
}

/** A session of `email` started as the link's POST starts one: for tests about what comes after. */
export const sessionFor = (email: string) => startSession(createDatabase(env.DB), email);

/** The page's text without tags, for asserting what a reader sees. */
export const pageText = async (response: Response) =>
  (await response.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
