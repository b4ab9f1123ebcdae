/*
 * Which tables hold a person's data, in which columns, and what erases it:
 * test/erasure/erasure.test.ts checks this against every table of the schema (a new
 * table fails it until it is listed here, in one of the two lists) and
 * erases people by each path, then finds no trace of them in any table.
 * A new table is one line in one of the lists.
 */

/** A table holding personal data: its columns that do, and the erasure path that reaches them. */
type PersonalData = { columns: readonly string[]; erasedBy: string };

const MEMBER_PATHS = "npm run erase, a member's DELETE, --replace-roster";
const CONSOLE_MEMBER_PATH =
  "removing the console member (the team page, npm run console -- remove): removeMember, src/console/members/queries.ts";

export const PERSONAL_DATA: Record<string, PersonalData> = {
  users: {
    columns: ["first_name", "last_name", "time_zone", "about", "avatar", "first_name_search"],
    erasedBy: `${MEMBER_PATHS} (the last two when nothing else uses the person)`,
  },
  preferences: {
    columns: ["greetings", "motivation", "recovery_status"],
    erasedBy: "users, by foreign key",
  },
  organization_members: {
    columns: ["bio", "motivation", "recovery_status", "bio_search", "topics", "updated_by"],
    erasedBy: `${MEMBER_PATHS}; a console member's name in updated_by: ${CONSOLE_MEMBER_PATH}`,
  },
  organization_member_roles: {
    columns: ["role"],
    erasedBy: "organization_members, by foreign key",
  },
  peer_supporters: { columns: ["user_id", "rating"], erasedBy: "users, by foreign key" },
  member_listing_changes: {
    columns: ["listed", "actor_name"],
    erasedBy: `organization_members, by foreign key; a console member's name: ${CONSOLE_MEMBER_PATH}`,
  },
  member_search: {
    columns: ["rowid"],
    erasedBy: "organization_members' and users' triggers, then optimize",
  },
  member_search_short: { columns: ["rowid"], erasedBy: "as member_search" },
  idempotency_keys: {
    columns: ["response_body", "created_record"],
    erasedBy:
      "keysShowingMembers and keysShowingRecords (src/db/idempotency-keys.ts), in each path's batch",
  },
  peer_mentors: { columns: ["full_name", "email", "phone"], erasedBy: "a mentor's DELETE" },
  peer_mentor_status_changes: {
    columns: ["reason", "actor_name"],
    erasedBy: `a mentor's DELETE; a console member's name: ${CONSOLE_MEMBER_PATH}`,
  },
  certification_reminders: { columns: ["mentor_id"], erasedBy: "a mentor's DELETE" },
  webhook_events: { columns: ["data"], erasedBy: "a mentor's DELETE" },
  webhook_deliveries: { columns: ["event_id"], erasedBy: "webhook_events, by foreign key" },
  emails: {
    columns: ["recipients", "data", "mentor_id"],
    erasedBy: `a mentor's DELETE (emailErasureStatements, src/outbox/email-rows.ts); sign-in emails: ${CONSOLE_MEMBER_PATH}`,
  },
  notification_settings: {
    columns: ["coordinator_emails", "updated_by"],
    erasedBy: `the organization's PUT /notification-settings, which replaces the list; a console member's name in updated_by: ${CONSOLE_MEMBER_PATH}`,
  },
  public_roster_settings: {
    columns: ["updated_by"],
    erasedBy: `a console member's name: ${CONSOLE_MEMBER_PATH}`,
  },
  console_members: { columns: ["email", "display_name"], erasedBy: CONSOLE_MEMBER_PATH },
  console_key_changes: { columns: ["member_name"], erasedBy: CONSOLE_MEMBER_PATH },
  console_sessions: {
    columns: ["email"],
    erasedBy: `${CONSOLE_MEMBER_PATH}, with their last membership; the cron prunes ended ones`,
  },
  console_sign_in_links: {
    columns: ["email"],
    erasedBy: `${CONSOLE_MEMBER_PATH}, with their last membership; the cron prunes ended ones`,
  },
  import_chunks: {
    columns: ["rows"],
    erasedBy: "the import that staged them, when it ends; the cron prunes a crashed one's",
  },
};

/** Tables that hold no one's personal data, and why not. */
export const NO_PERSONAL_DATA: Record<string, string> = {
  organizations: "the organization's own name and ids",
  id_allocations: "counters",
  webhook_endpoints: "the organization's URLs and secrets",
  weekly_digests: "which weeks' digests were written",
};
