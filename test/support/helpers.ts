import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { demoDataset } from "../../data/demo-dataset.ts";
import { createToken } from "../../src/auth/tokens.ts";
import { expectMatchesContract } from "./contract.ts";
import { importDataset } from "../../src/import/import-dataset.ts";
import { certWarningDays } from "../../src/settings.ts";

export const DEMO_ORGANIZATION = { id: 5, publicId: "org_x9y8z7" };
export const OTHER_ORGANIZATION = { id: 6, publicId: "org_k4m2p8" };

/** Imports through the same path the CLI uses, with the Worker's configured warning days. */
export function importInto(dataset: unknown, now?: Date) {
  return importDataset(env.DB, dataset, { certWarningDays: certWarningDays(env), now });
}

/** Loads a dataset through the same import path the CLI uses, failing the test on errors. */
export async function loadDataset(dataset: unknown, now?: Date): Promise<void> {
  const result = await importInto(dataset, now);
  expect(result).toMatchObject({ ok: true });
}

export const loadDemoData = (today = new Date()) => loadDataset(demoDataset(today), today);

/** Loads the demo data and returns a fresh token of its organization 5. */
export async function loadDemoDataWithToken(): Promise<string> {
  await loadDemoData();
  return tokenFor(DEMO_ORGANIZATION);
}

export async function tokenFor(organization: { id: number; publicId: string }): Promise<string> {
  return (await createToken(env.TOKENS, organization, "test")).token;
}

/** A fresh publishable key of `organization` (5 unless given), for `origins` (none: any site). */
export async function publishableKeyFor(
  origins: readonly string[] = [],
  organization: { id: number; publicId: string } = DEMO_ORGANIZATION,
): Promise<string> {
  const options = { kind: "publishable" as const, origins };
  return (await createToken(env.TOKENS, organization, "website", options)).token;
}

/**
 * Requests the Worker itself through its default export, and checks every
 * response against the OpenAPI document before the test sees it.
 */
export async function request(path: string, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const outgoing = new Request(`https://peer-roster.test${path}`, { ...rest, headers });
  const response = await exports.default.fetch(outgoing.clone());
  await expectMatchesContract(outgoing, response);
  return response;
}

export type RosterBody = {
  current_page: number;
  items: number;
  total_items: number;
  total_pages: number;
  peer_supporters: {
    id: number;
    first_name: string;
    last_name: string | null;
    bio: string | null;
    full_name: string;
    status: string;
    is_independent_peer_supporter: boolean;
    independent_peer_supporter: unknown;
  }[];
};

/** GET the roster of `organizationId` with `query`, asserting a 200. */
export async function getRoster(
  organizationId: number,
  query: Record<string, string>,
  token: string,
): Promise<RosterBody> {
  const search = new URLSearchParams(query).toString();
  const response = await request(
    `/api/v2/organizations/${organizationId}/peer_supporters?${search}`,
    { token },
  );
  expect(response.status).toBe(200);
  return response.json<RosterBody>();
}

let mentorCount = 0;

/** A new mentor of `token`'s organization, through the API, with an address of its own. */
export async function createMentor(token: string, label: string) {
  const response = await send(
    "/api/v1/peer-mentors",
    "POST",
    {
      full_name: `${label} Mentor`,
      email: `${label.toLowerCase()}${String(++mentorCount)}@frivillig.no`,
      certification_expiry_date: "2031-01-01",
    },
    token,
  );
  expect(response.status).toBe(201);
  return response.json<{ mentor_id: string; email: string }>();
}

/** A JSON request with a body. */
export function send(path: string, method: string, body: unknown, token: string) {
  return request(path, {
    method,
    token,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** A new, active mentor of the token's organization (expiring 2030-01-01); its id. */
export async function createActiveMentor(token: string, email: string, fullName = "Test Mentor") {
  const response = await send(
    "/api/v1/peer-mentors",
    "POST",
    { full_name: fullName, email, certification_expiry_date: "2030-01-01" },
    token,
  );
  expect(response.status).toBe(201);
  return (await response.json<{ mentor_id: string }>()).mentor_id;
}

/**
 * The local rate limiter counts in windows aligned to the wall clock (one per
 * minute here). A test that counts to the limit must not straddle two
 * windows, so it starts with at least 15 s of the current window left.
 */
export async function startWithinOneWindow() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

/** What a publishable read always carries; motivation and recovery_status only by the settings. */
export const ALWAYS_PUBLIC_FIELDS = [
  "id",
  "full_name",
  "bio",
  "profile_image_url",
  "profile_image_thumb_url",
  "topics",
  "interests",
  "greeting",
  "available",
];
