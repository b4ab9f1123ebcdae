import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { organizations } from "../db/schema.ts";

/** An organization by integer id ("5") or public id ("org_x9y8z7"), or undefined. */
export async function findOrganization(db: Database, idOrPublicId: string) {
  const condition = /^\d+$/.test(idOrPublicId)
    ? eq(organizations.id, Number(idOrPublicId))
    : eq(organizations.publicId, idOrPublicId);
  const [organization] = await db.select().from(organizations).where(condition).limit(1);
  return organization;
}
