import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AuthVariables } from "../auth/middleware.ts";
import type { SQL } from "drizzle-orm";
import {
  claimIdempotencyKey,
  IDEMPOTENCY_KEY_HOURS,
  releaseIdempotencyKey,
  reserveForKey,
  storeIdempotentResponse,
  type KeyClaim,
  type KeyRow,
} from "../db/idempotency-keys.ts";
import type { DatabaseVariables } from "../db/session.ts";
import { hexDigest } from "../lib/hex-digest.ts";
import { randomId } from "../lib/random-id.ts";
import { jsonError } from "./errors.ts";

/*
 * Idempotency-Key on the POSTs that create (Stripe's convention): the first
 * request with a key claims it, runs, and stores its answer; the same
 * request again within IDEMPOTENCY_KEY_HOURS gets that answer and writes
 * nothing. Another request with the key is a 422, one while the first still
 * runs a 409. Keys are per organization (the token's).
 *
 * A 5xx is not kept, yet its write may have committed (D1 said it failed on
 * every try): so the creating route reserves its new record's ids under the
 * key, in the batch that first writes them (`idempotentCreate`), and the
 * same request sent again creates that record again, which its upsert makes
 * the same record, not a second one.
 */

/** What a creating route under an Idempotency-Key sees: a reservation from an earlier try, and how to make one. */
export type IdempotentCreate = {
  reserved: Record<string, unknown> | null;
  reserve: (record: SQL) => ReturnType<typeof reserveForKey>;
};
export type IdempotencyVariables = { idempotentCreate?: IdempotentCreate };

const KEY = /^[\x21-\x7e]{1,255}$/;
/** What a replay sends again besides status and body; the rest is this request's own. */
const REPLAYED_HEADERS = ["content-type", "location", "etag"] as const;

function replay(c: Context, row: KeyRow) {
  const headers = JSON.parse(row.responseHeaders ?? "{}") as Record<string, string>;
  return c.body(row.responseBody ?? "", row.responseStatus as 200, {
    ...headers,
    "Idempotent-Replayed": "true",
  });
}

export const idempotencyKey = createMiddleware<{
  Bindings: Env;
  Variables: AuthVariables & DatabaseVariables & IdempotencyVariables;
}>(async (c, next) => {
  const key = c.req.header("Idempotency-Key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (!KEY.test(key)) {
    return jsonError(c, 400, "Invalid request", {
      details: [{ field: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters" }],
    });
  }
  // Read as bytes, which hono keeps: requireJsonBody refuses bytes that are not UTF-8, so
  // this lenient decoding is the body's text for every request that gets further.
  const body = new TextDecoder().decode(await c.req.arrayBuffer());
  const claim: KeyClaim = {
    organizationId: c.var.organization.id,
    key,
    fingerprint: await hexDigest("SHA-256", `POST ${new URL(c.req.url).pathname}\n${body}`),
    claim: randomId("", 16),
  };
  const db = c.var.db;
  const held = await claimIdempotencyKey(db, claim, new Date());
  if (held.fingerprint !== claim.fingerprint) {
    return jsonError(
      c,
      422,
      `This Idempotency-Key was sent with another request in the last ${String(IDEMPOTENCY_KEY_HOURS)} hours; use a new key for a new request`,
    );
  }
  if (held.claim !== claim.claim) {
    if (held.responseStatus === null) {
      return jsonError(
        c,
        409,
        "A request with this Idempotency-Key is still running; try again when it has answered",
      );
    }
    return replay(c, held);
  }
  c.set("idempotentCreate", {
    reserved: held.createdRecord
      ? (JSON.parse(held.createdRecord) as Record<string, unknown>)
      : null,
    reserve: (record) => reserveForKey(db, claim, record),
  });
  await next();
  // A 5xx is kept for no one: the key is given up, so the same request may be tried again.
  if (c.res.status >= 500) {
    await releaseIdempotencyKey(db, claim);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = c.res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  await storeIdempotentResponse(db, claim, {
    status: c.res.status,
    headers,
    body: await c.res.clone().text(),
  });
});
