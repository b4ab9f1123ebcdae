import type { ManagedMemberRow } from "../../peer-supporters/manage/queries.ts";

/*
 * A supporter's form, in the API's field names: what was typed as the
 * values the API's schemas take (empty text is null, topics one per line,
 * a ticked box is true), and what the stored record shows in the form.
 */

export const TEXT_FIELDS = ["bio", "motivation", "recovery_status"] as const;

/** Typed text with the browser's CRLF line breaks as the API stores them. */
const lines = (typed: string | undefined) => (typed ?? "").replace(/\r\n?/g, "\n");
const orNull = (typed: string | undefined) => (lines(typed).trim() === "" ? null : lines(typed));

/** The form's fields as the API's body would carry them. */
export function memberInput(typed: Record<string, string>) {
  return {
    first_name: typed.first_name ?? "",
    last_name: orNull(typed.last_name),
    time_zone: typed.time_zone ?? "",
    bio: orNull(typed.bio),
    motivation: orNull(typed.motivation),
    recovery_status: orNull(typed.recovery_status),
    topics: lines(typed.topics)
      .split("\n")
      .map((topic) => topic.trim())
      .filter(Boolean),
    status: typed.status,
    listed: typed.listed === "on",
    mentor_id: typed.mentor_id ? typed.mentor_id : null,
  };
}
export type MemberInput = ReturnType<typeof memberInput>;

/** The stored record in the form's terms, to show and to compare against. */
export function storedInput(row: ManagedMemberRow): MemberInput {
  return {
    first_name: row.firstName,
    last_name: row.lastName,
    time_zone: row.timeZone,
    bio: row.bio,
    motivation: row.motivation,
    recovery_status: row.recoveryStatus,
    topics: row.topics,
    status: row.status,
    listed: row.listed,
    mentor_id: row.mentorId,
  };
}

/** Only what the form changed: a save leaves every other field as it is, someone else's too. */
export function changedFields(input: Partial<MemberInput>, stored: MemberInput) {
  return Object.fromEntries(
    Object.entries(input).filter(
      ([field, value]) =>
        JSON.stringify(value) !== JSON.stringify(stored[field as keyof MemberInput]),
    ),
  );
}

/** The zones to choose from: every IANA zone this runtime knows, and the stored one. */
export function timeZoneChoices(current: string | undefined) {
  const zones = Intl.supportedValuesOf("timeZone");
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}
