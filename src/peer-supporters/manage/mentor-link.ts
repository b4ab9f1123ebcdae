import { sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../db/client.ts";
import { peerMentors } from "../../db/schema.ts";
import { rootCause } from "../../db/root-cause.ts";
import { ApiError } from "../../http/errors.ts";

/*
 * A member's link to a registry mentor of the same organization, checked by
 * the database inside the write's own batch: no read before the write, and
 * a refused link writes nothing.
 */

/**
 * `mentorId` when it is a mentor of this organization, else '' (no mentor
 * has that id), so the foreign key fails the whole batch: linking an unknown
 * or another organization's mentor then writes nothing (MentorLinkError).
 */
export function mentorOfOrganization(organizationId: number, mentorId: string | null): SQL | null {
  if (mentorId === null) return null;
  return sql`CASE WHEN EXISTS (SELECT 1 FROM ${peerMentors}
    WHERE ${peerMentors.mentorId} = ${mentorId} AND ${peerMentors.organizationId} = ${organizationId})
    THEN ${mentorId} ELSE '' END`;
}

/** The database's answer to a mentor link it refused: unknown or foreign (400) or taken (409). */
export class MentorLinkError extends ApiError {
  constructor(reason: "not_found" | "taken") {
    if (reason === "taken") {
      super(409, "This peer mentor is already linked to another peer supporter");
    } else {
      super(400, "Invalid request", [
        { field: "mentor_id", message: "no peer mentor with this id in the organization" },
      ]);
    }
  }
}

/** Runs a batch, turning the mentor link's constraint failures into MentorLinkError. */
export async function batchWithMentorLink<
  T extends Readonly<[BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>,
>(db: Database, statements: T) {
  try {
    return await db.batch(statements);
  } catch (error) {
    const cause = rootCause(error);
    const message = cause instanceof Error ? cause.message : "";
    if (message.includes("FOREIGN KEY constraint failed")) throw new MentorLinkError("not_found");
    if (message.includes("organization_members.mentor_id")) throw new MentorLinkError("taken");
    throw error;
  }
}
