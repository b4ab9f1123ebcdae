import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./organizations.ts";

/* The coordinator console (src/console/): who may sign in, sign-in links, sessions. */

export const CONSOLE_ROLES = ["admin", "coordinator"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** A person who may use an organization's console; one address may be a member of several. */
export const consoleMembers = sqliteTable(
  "console_members",
  {
    memberId: text("member_id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** In the one form normalizeConsoleEmail gives (src/console/members/email.ts). */
    email: text("email").notNull(),
    role: text("role", { enum: CONSOLE_ROLES }).notNull(),
    displayName: text("display_name").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("console_members_organization_email_uq").on(table.organizationId, table.email),
    index("console_members_email_idx").on(table.email),
  ],
);

/**
 * Emailed sign-in links: only the SHA-256 of the link's token, for one
 * address, used once (consumed_at) before expires_at.
 */
export const consoleSignInLinks = sqliteTable(
  "console_sign_in_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    email: text("email").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    consumedAt: text("consumed_at"),
  },
  (table) => [index("console_sign_in_links_expires_idx").on(table.expiresAt)],
);

/**
 * Signed-in browsers: only the SHA-256 of the cookie's session id. A session
 * belongs to an address; what it may see is read from console_members on
 * every request, so removing a member ends their access at once.
 */
export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    email: text("email").notNull(),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    /** created_at plus the absolute lifetime (src/console/sessions/sessions.ts). */
    expiresAt: text("expires_at").notNull(),
  },
  (table) => [
    index("console_sessions_email_idx").on(table.email),
    index("console_sessions_expires_idx").on(table.expiresAt),
  ],
);

export const KEY_CHANGES = ["created", "revoked"] as const;

/**
 * Who made or revoked which API key in the console (src/console/keys/): the
 * key itself lives in KV (src/auth/tokens.ts), which forgets a revoked key,
 * so its history is kept here. `member_name` is erased with the member
 * (removeMember); `member_id` stays, saying a console member did it.
 */
export const consoleKeyChanges = sqliteTable(
  "console_key_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tokenId: text("token_id").notNull(),
    change: text("change", { enum: KEY_CHANGES }).notNull(),
    kind: text("kind", { enum: ["secret", "publishable"] }).notNull(),
    label: text("label"),
    memberId: text("member_id").notNull(),
    memberName: text("member_name"),
    changedAt: text("changed_at").notNull(),
  },
  (table) => [index("console_key_changes_organization_idx").on(table.organizationId, table.id)],
);
