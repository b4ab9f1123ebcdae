import { desc, eq } from "drizzle-orm";
import * as z from "zod";
import {
  createToken,
  listTokens,
  MAX_LABEL_LENGTH,
  MAX_ORIGINS,
  normalizeOrigin,
  revokeToken,
  tokenKind,
  type TokenRecord,
} from "../../auth/tokens.ts";
import type { Database } from "../../db/client.ts";
import { consoleKeyChanges } from "../../db/schema.ts";
import { safeText } from "../../lib/safe-text.ts";
import type { IssueRule } from "../../lib/issue-rule.ts";
import { isoSeconds } from "../../lib/time.ts";
import type { Membership } from "../members/queries.ts";

/*
 * API keys from the console: the token CLI's own functions (src/auth/tokens.ts,
 * scripts/token.ts) and rules, with each creation and revocation recorded in
 * console_key_changes under the member who made it.
 */

/** One origin per line, each as the CLI's --origin takes it; blank lines ignored. */
const originLines = z.string().transform((text, context) => {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const origins: string[] = [];
  for (const line of lines) {
    try {
      origins.push(normalizeOrigin(line));
    } catch {
      context.addIssue({
        code: "custom",
        message: `${line} is not an origin like https://www.example.org`,
        params: { rule: "origin", line } satisfies IssueRule,
      });
      return z.NEVER;
    }
  }
  if (origins.length > MAX_ORIGINS) {
    context.addIssue({
      code: "custom",
      message: `must list at most ${String(MAX_ORIGINS)} origins`,
      params: { rule: "max_items", maximum: MAX_ORIGINS } satisfies IssueRule,
    });
  }
  return origins;
});

/** The new-key form: `kind`, `label`, and `origins` for a publishable key. */
export const newKeyInput = z
  .object({
    kind: z.enum(["publishable", "secret"], { error: "must be publishable or secret" }),
    label: safeText().trim().max(MAX_LABEL_LENGTH).optional(),
    origins: originLines.optional(),
  })
  .superRefine(({ kind, origins = [] }, context) => {
    if (kind === "secret" && origins.length > 0) {
      context.addIssue({
        code: "custom",
        path: ["origins"],
        message: "are for publishable keys only",
        params: { rule: "origins_for_publishable" } satisfies IssueRule,
      });
    }
  });
export type NewKey = z.output<typeof newKeyInput>;

const changeOf = (
  membership: Membership,
  record: TokenRecord,
  change: (typeof consoleKeyChanges.$inferInsert)["change"],
) => ({
  organizationId: membership.organizationId,
  tokenId: record.token_id,
  change,
  kind: tokenKind(record),
  label: record.label,
  memberId: membership.memberId,
  memberName: membership.displayName,
  changedAt: isoSeconds(new Date()),
});

const organizationOf = (membership: Membership) => ({
  id: membership.organizationId,
  publicId: membership.organizationPublicId,
});

/**
 * Makes a key for the member's organization and records who did. The
 * returned `token` is the only copy of a secret key. Should the record fail
 * to be written, the key is revoked again: no key without its maker.
 */
export async function createKeyAsMember(
  db: Database,
  kv: KVNamespace,
  membership: Membership,
  { kind, label, origins = [] }: NewKey,
) {
  const created = await createToken(kv, organizationOf(membership), label || null, {
    kind,
    origins,
  });
  try {
    await db.insert(consoleKeyChanges).values(changeOf(membership, created.record, "created"));
  } catch (error) {
    await revokeToken(kv, created.record.token_id);
    throw error;
  }
  return created;
}

/** The organization's key with this id, or undefined (another organization's is undefined too). */
export async function findKey(kv: KVNamespace, organizationId: number, tokenId: string) {
  const keys = await listTokens(kv, organizationId);
  return keys.find((key) => key.token_id === tokenId);
}

/** Revokes the organization's key `tokenId` and records who did; false when it has none such. */
export async function revokeKeyAsMember(
  db: Database,
  kv: KVNamespace,
  membership: Membership,
  tokenId: string,
) {
  const key = await findKey(kv, membership.organizationId, tokenId);
  if (!key) return false;
  // Recorded first: a failed write leaves the key working, never revoked by nobody.
  await db.insert(consoleKeyChanges).values(changeOf(membership, key, "revoked"));
  await revokeToken(kv, tokenId);
  return true;
}

/** How many of the latest key changes the keys page shows. */
const KEY_CHANGES_SHOWN = 50;

export type KeyChange = typeof consoleKeyChanges.$inferSelect;

/** The organization's key changes made in the console, newest first. */
export function listKeyChanges(db: Database, organizationId: number): Promise<KeyChange[]> {
  return db
    .select()
    .from(consoleKeyChanges)
    .where(eq(consoleKeyChanges.organizationId, organizationId))
    .orderBy(desc(consoleKeyChanges.id))
    .limit(KEY_CHANGES_SHOWN);
}
