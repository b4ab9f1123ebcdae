import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

export type Database = DrizzleD1Database;

/**
 * One drizzle handle over the D1 binding or one of its sessions. drizzle's
 * types name only D1Database, but it calls nothing beyond prepare() and
 * batch(), which a D1DatabaseSession has too.
 */
export function createDatabase(d1: D1Database | D1DatabaseSession): Database {
  return drizzle(d1 as D1Database);
}
