import { and, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "./client.ts";
import { withWriteRetries } from "./d1-errors.ts";
import { idempotencyKeys, organizationMembers } from "./schema.ts";
import { isoSeconds } from "../lib/time.ts";

/*
 * The Idempotency-Key store (table idempotency_keys). Every write names the
 * claim it was made under, so each is idempotent and retried on transient
 * D1 errors (withWriteRetries).
 */

/** How long a key answers with its first response (Stripe's and GitHub's 24 hours). */
export const IDEMPOTENCY_KEY_HOURS = 24;
export const KEY_LIFETIME_MS = IDEMPOTENCY_KEY_HOURS * 3_600_000;
/**
 * A claim this old with no response stored is a request whose isolate died
 * before it answered: the key may be claimed again (it wrote nothing it could
 * not write twice only if it never reached its write; see docs/writes.md).
 */
export const ABANDONED_CLAIM_MS = 60_000;

export type KeyRow = typeof idempotencyKeys.$inferSelect;
/** The claim of a key whose request gave it up with a 5xx. */
const RELEASED = "";
export type KeyClaim = { organizationId: number; key: string; fingerprint: string; claim: string };

const keyOf = ({ organizationId, key }: Pick<KeyClaim, "organizationId" | "key">) =>
  and(eq(idempotencyKeys.organizationId, organizationId), eq(idempotencyKeys.key, key));

/**
 * Claims the key for this request unless it is held: a new key, one past its
 * lifetime, or an abandoned claim is taken over. Answers the row as it now
 * is: its claim is `claim` when this request holds it. One round trip.
 */
export async function claimIdempotencyKey(db: Database, claim: KeyClaim, now: Date) {
  const nowIso = isoSeconds(now);
  const expired = isoSeconds(new Date(now.getTime() - KEY_LIFETIME_MS));
  const abandoned = isoSeconds(new Date(now.getTime() - ABANDONED_CLAIM_MS));
  const [, [row]] = await withWriteRetries(() =>
    db.batch([
      db
        .insert(idempotencyKeys)
        .values({ ...claim, createdAt: nowIso })
        .onConflictDoUpdate({
          target: [idempotencyKeys.organizationId, idempotencyKeys.key],
          set: {
            fingerprint: claim.fingerprint,
            claim: claim.claim,
            responseStatus: null,
            responseHeaders: null,
            responseBody: null,
            // A live key's reservation passes to the request that takes it over (the same
            // request, by the condition below); an expired key starts afresh.
            createdRecord: sql`CASE WHEN ${idempotencyKeys.createdAt} >= ${expired} THEN ${idempotencyKeys.createdRecord} END`,
            createdAt: nowIso,
          },
          setWhere: or(
            lt(idempotencyKeys.createdAt, expired),
            and(
              isNull(idempotencyKeys.responseStatus),
              or(eq(idempotencyKeys.claim, RELEASED), lt(idempotencyKeys.createdAt, abandoned)),
              // A key that reserved a record is another request's to take over only with the same body.
              or(
                isNull(idempotencyKeys.createdRecord),
                eq(idempotencyKeys.fingerprint, claim.fingerprint),
              ),
            ),
          ),
        }),
      db.select().from(idempotencyKeys).where(keyOf(claim)),
    ]),
  );
  if (!row) throw new Error("the idempotency key was not read back");
  return row;
}

/** Keeps the response of the request that holds the key. */
export async function storeIdempotentResponse(
  db: Database,
  claim: KeyClaim,
  response: { status: number; headers: Record<string, string>; body: string },
) {
  await withWriteRetries(() =>
    db
      .update(idempotencyKeys)
      .set({
        responseStatus: response.status,
        responseHeaders: JSON.stringify(response.headers),
        responseBody: response.body,
      })
      .where(and(keyOf(claim), eq(idempotencyKeys.claim, claim.claim))),
  );
}

/**
 * Gives the key up (its request failed with nothing worth replaying), so it
 * may be sent again at once; what it reserved stays for that retry.
 */
export async function releaseIdempotencyKey(db: Database, claim: KeyClaim) {
  await withWriteRetries(() =>
    db
      .update(idempotencyKeys)
      .set({ claim: RELEASED })
      .where(and(keyOf(claim), eq(idempotencyKeys.claim, claim.claim))),
  );
}

/**
 * Keeps `record` (an SQL JSON object: the ids the request gives its record) as
 * the key's reservation; part of the batch that first uses them, so it holds
 * exactly when they were given out.
 */
export function reserveForKey(db: Database, claim: KeyClaim, record: SQL) {
  return db
    .update(idempotencyKeys)
    .set({ createdRecord: record })
    .where(and(keyOf(claim), eq(idempotencyKeys.claim, claim.claim)));
}

/**
 * Deletes the keys that show a record of `records` (a query answering
 * organization id and record id, read before the records go): by their
 * stored answer (the creation's body, its `field`) or their reservation
 * (`reservedField`), so that erasing the record erases them too. The same
 * request sent again then runs afresh, as a key never sent.
 */
export function keysShowingRecords(
  db: Database,
  { field, reservedField, records }: { field: string; reservedField: string; records: SQL },
) {
  return db
    .delete(idempotencyKeys)
    .where(
      or(
        sql`(${idempotencyKeys.organizationId}, json_extract(${idempotencyKeys.responseBody}, ${`$.${field}`})) IN (${records})`,
        sql`(${idempotencyKeys.organizationId}, json_extract(${idempotencyKeys.createdRecord}, ${`$.${reservedField}`})) IN (${records})`,
      ),
    );
}

/** keysShowingRecords for the roster's members matching `members` (a condition on organization_members). */
export const keysShowingMembers = (db: Database, members: SQL | undefined) =>
  keysShowingRecords(db, {
    field: "id",
    reservedField: "member_id",
    // No condition selects no member (drizzle's and() of nothing is undefined).
    records: sql`SELECT ${organizationMembers.organizationId}, ${organizationMembers.id}
      FROM ${organizationMembers} WHERE ${members ?? sql`0`}`,
  });
