import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { pageOffset, parsePageNumber } from "../../http/pagination.ts";
import {
  findManagedMember,
  listingHistory,
  type ManagedMemberRow,
} from "../../peer-supporters/manage/queries.ts";
import {
  createMemberBody,
  memberIdParam,
  updateMemberBody,
} from "../../peer-supporters/manage/schemas.ts";
import { HIDDEN_REASONS } from "../../peer-supporters/public/visibility.ts";
import {
  DEFAULT_PUBLIC_FIELDS,
  publicFieldsStatement,
} from "../../peer-supporters/public/settings.ts";
import { avatarSettings } from "../../peer-supporters/roster/avatars.ts";
import {
  serializeManagedMember,
  serializePublicSupporter,
} from "../../peer-supporters/roster/serialize.ts";
import { fieldErrors, formFields } from "../forms.ts";
import { markRosterChangesOfConsoleWrites } from "../roster-changes.ts";
import { errorPage } from "../layout/render.tsx";
import { CONSOLE_PAGE_SIZE } from "../mentors/routes.ts";
import { changedFields, memberInput, storedInput, type MemberInput } from "./form.ts";
import { rosterListPage, type RosterView } from "./list-page.tsx";
import { memberPage, type MemberPageProps } from "./member-page.tsx";
import { newSupporterPage } from "./new-page.tsx";
import { mentorChoices, rosterPage } from "./queries.ts";
import { createFromConsole, removeFromConsole, updateFromConsole } from "./writes.ts";

const NOTICES = ["saved", "created", "removed"] as const;

const rosterPath = (c: Context<AppEnv>, memberId?: number) =>
  `/console/${c.var.membership.organizationPublicId}/roster${memberId === undefined ? "" : `/${String(memberId)}`}`;

const noticeOf = (c: Context<AppEnv>) => {
  const notice = NOTICES.find((known) => known === c.req.query("notice"));
  return notice && c.var.text.roster[notice];
};

function rosterView(c: Context<AppEnv>): RosterView {
  const status = c.req.query("status");
  const listed = c.req.query("listed");
  const reason = c.req.query("reason");
  return {
    status: status === "pending" || status === "approved" ? status : undefined,
    listed: listed === "true" ? true : listed === "false" ? false : undefined,
    reason: reason === "visible" ? reason : HIDDEN_REASONS.find((known) => known === reason),
    q: c.req.query("q")?.trim() ?? "",
    page: parsePageNumber(c.req.query("page")),
  };
}

/** The member id in the path; anything but an id names no member (404, as the API). */
function memberIdOf(c: Context<AppEnv>) {
  const parsed = memberIdParam.safeParse({
    organization_id: "",
    member_id: c.req.param("member_id"),
  });
  return parsed.success ? Number(parsed.data.member_id) : undefined;
}

/** The form's values as the page shows them: typed where a submit failed, else as stored. */
function formValue(stored: MemberInput, typed?: Record<string, string>) {
  return (name: string) => {
    if (typed) return typed[name] ?? "";
    const value = stored[name as keyof MemberInput];
    if (Array.isArray(value)) return value.join("\n");
    if (typeof value === "boolean") return value ? "on" : "";
    return value ?? "";
  };
}

type Shown = Partial<Pick<MemberPageProps, "errors" | "notice" | "warning" | "status">> & {
  typed?: Record<string, string>;
};

/** The member's page as they are now: after a failed or stale submit too. */
async function showMember(c: Context<AppEnv>, shown: Shown = {}) {
  const memberId = memberIdOf(c);
  const { organizationId } = c.var.membership;
  if (memberId === undefined) return errorPage(c, 404, true);
  const [row, history, mentors, [fields]] = await Promise.all([
    findManagedMember(c.var.db, organizationId, memberId),
    listingHistory(c.var.db, organizationId, memberId),
    mentorChoices(c.var.db, organizationId),
    publicFieldsStatement(c.var.db, organizationId),
  ]);
  if (!row || !history) return errorPage(c, 404, true);
  const avatars = avatarSettings(c.env);
  return memberPage(c, {
    row,
    hiddenReasons: serializeManagedMember(row, avatars, new Date()).hidden_reasons,
    card: serializePublicSupporter(row, avatars, fields ?? DEFAULT_PUBLIC_FIELDS),
    history,
    mentors,
    value: formValue(storedInput(row), shown.typed),
    ...shown,
  });
}

/**
 * Saves what the form changed of the member as it showed them: only those
 * fields, with its revision; the answer is the page again or a redirect.
 */
async function saveChanges(
  c: Context<AppEnv>,
  input: Partial<MemberInput>,
  typed: Record<string, string>,
) {
  const words = c.var.text.roster;
  const memberId = memberIdOf(c);
  if (memberId === undefined) return errorPage(c, 404, true);
  const row: ManagedMemberRow | undefined = await findManagedMember(
    c.var.db,
    c.var.membership.organizationId,
    memberId,
  );
  if (!row) return errorPage(c, 404, true);
  // Compared with the member as the form showed them: a stale form is refused below either way.
  const changes = changedFields(input, storedInput(row));
  if (Object.keys(changes).length === 0 && typed.revision === row.revision) {
    return c.redirect(`${rosterPath(c, memberId)}?notice=saved`, 303);
  }
  const body = updateMemberBody.safeParse(Object.keys(changes).length > 0 ? changes : input);
  if (!body.success)
    return showMember(c, { errors: fieldErrors(body.error.issues, c.var.language), typed });
  const result = await updateFromConsole(c, memberId, body.data, typed.revision ?? "");
  switch (result.outcome) {
    case "updated":
      return c.redirect(`${rosterPath(c, memberId)}?notice=saved`, 303);
    case "changed":
      return showMember(c, { warning: words.stale, status: 409 });
    case "shared":
      return showMember(c, { warning: words.shared, status: 409, typed });
    case "mentor_refused":
      return showMember(c, {
        errors: new Map([["mentor_id", words.mentorRefused[result.reason]]]),
        typed,
      });
    case "not_found":
      return errorPage(c, 404, true);
  }
}

/** Mounted at /console/:organization_id/roster, behind the membership check: coordinators and admins. */
export const rosterRoutes = new Hono<AppEnv>()
  .use(markRosterChangesOfConsoleWrites)
  .get("/", async (c) => {
    const view = rosterView(c);
    const now = new Date();
    const { rows, total } = await rosterPage(c.var.db, c.var.membership.organizationId, view, {
      now,
      limit: CONSOLE_PAGE_SIZE,
      offset: pageOffset(view.page, CONSOLE_PAGE_SIZE),
    });
    return rosterListPage(c, {
      view,
      rows,
      total,
      pageSize: CONSOLE_PAGE_SIZE,
      notice: noticeOf(c),
      now,
    });
  })
  .get("/new", async (c) =>
    newSupporterPage(c, await mentorChoices(c.var.db, c.var.membership.organizationId)),
  )
  .post("/", async (c) => {
    const typed = await formFields(c);
    const mentors = () => mentorChoices(c.var.db, c.var.membership.organizationId);
    const body = createMemberBody.safeParse(memberInput(typed));
    if (!body.success) {
      return newSupporterPage(c, await mentors(), {
        errors: fieldErrors(body.error.issues, c.var.language),
        typed,
      });
    }
    const result = await createFromConsole(c, body.data);
    if (result.outcome === "mentor_refused") {
      const errors = new Map([["mentor_id", c.var.text.roster.mentorRefused[result.reason]]]);
      return newSupporterPage(c, await mentors(), { errors, typed });
    }
    return c.redirect(`${rosterPath(c, result.row.id)}?notice=created`, 303);
  })
  .get("/:member_id", (c) => showMember(c, { notice: noticeOf(c) }))
  .post("/:member_id", async (c) => {
    const typed = await formFields(c);
    return saveChanges(c, memberInput(typed), typed);
  })
  // The page's two quick actions: approve, and hide or show.
  .post("/:member_id/status", async (c) => {
    const typed = await formFields(c);
    return saveChanges(c, { status: typed.status }, typed);
  })
  .post("/:member_id/listed", async (c) => {
    const typed = await formFields(c);
    return saveChanges(c, { listed: typed.listed === "true" }, typed);
  })
  .post("/:member_id/remove", async (c) => {
    const typed = await formFields(c);
    const memberId = memberIdOf(c);
    if (memberId === undefined) return errorPage(c, 404, true);
    if (typed.confirm !== "yes") {
      const errors = new Map([["confirm", c.var.text.roster.removeConfirmNeeded]]);
      return showMember(c, { errors });
    }
    const outcome = await removeFromConsole(c, memberId, typed.revision ?? "");
    if (outcome === "removed") return c.redirect(`${rosterPath(c)}?notice=removed`, 303);
    return outcome === "changed"
      ? showMember(c, { warning: c.var.text.roster.stale, status: 409 })
      : errorPage(c, 404, true);
  });
