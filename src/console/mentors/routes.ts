import { Hono, type Context } from "hono";
import { batchBound, bind } from "../../db/prebuilt.ts";
import { MENTOR_STATUSES, type MentorStatus } from "../../db/schema.ts";
import { clock } from "../../peer-mentors/writes/change-mentor.ts";
import { csvTooLarge, CSV_MEDIA_TYPE, MAX_CSV_ROWS, mentorsCsv } from "../../peer-mentors/csv.ts";
import { newMentorRecord } from "../../peer-mentors/writes/mentor-changes.ts";
import {
  EmailTakenError,
  findMentor,
  insertMentor,
  listMentors,
  mentorCountsStatement,
  mentorListStatements,
  mentorStatusHistory,
} from "../../peer-mentors/queries.ts";
import {
  createMentorBody,
  expiryChangeBody,
  listMentorsQuery,
  statusChangeBody,
  updateMentorBody,
} from "../../peer-mentors/schemas.ts";
import { mentorETag } from "../../peer-mentors/serialize.ts";
import { pageOffset, parsePageNumber } from "../../http/pagination.ts";
import type { AppEnv } from "../../app-env.ts";
import { fieldErrors, formFields } from "../forms.ts";
import { markRosterChangesOfConsoleWrites } from "../roster-changes.ts";
import { errorPage } from "../layout/render.tsx";
import { mentorListPage, type ListView } from "./list-page.tsx";
import { mentorPage, type FailedForm } from "./mentor-page.tsx";
import { newMentorPage } from "./new-page.tsx";
import { changeMentorFromConsole, deleteMentorFromConsole, formRevision } from "./writes.ts";

/** Mentors per page of the console's list. */
export const CONSOLE_PAGE_SIZE = 100;
const NOTICES = ["saved", "created", "deleted"] as const;

function listView(c: Context<AppEnv>): ListView {
  const status = c.req.query("status");
  return {
    status: MENTOR_STATUSES.find((known) => known === status),
    expiresWithinDays: c.req.query("expires_within_days")?.trim() ?? "",
    q: c.req.query("q") ?? "",
    page: parsePageNumber(c.req.query("page")),
  };
}

/** The view as the API's list parameters, soonest expiry first. */
const listQueryOf = (view: ListView, limit: number) =>
  listMentorsQuery.safeParse({
    status: view.status,
    expires_within_days: view.expiresWithinDays || undefined,
    q: view.q || undefined,
    page: String(view.page),
    limit: String(limit),
    sort: "certification_expiry_date",
  });

const noticeOf = (c: Context<AppEnv>) => {
  const notice = NOTICES.find((known) => known === c.req.query("notice"));
  return notice && c.var.text.mentor[notice];
};

const mentorPath = (c: Context<AppEnv>, mentorId = "") =>
  `/console/${c.var.membership.organizationPublicId}/mentors${mentorId && `/${mentorId}`}`;

/** The mentor's page as it is now: after a failed or stale submit too. */
async function showMentor(
  c: Context<AppEnv>,
  options: { failed?: FailedForm; stale?: boolean; notice?: string } = {},
) {
  const { organizationId, organizationPublicId } = c.var.membership;
  const mentorId = c.req.param("mentor_id") ?? "";
  const [mentor, history] = await Promise.all([
    findMentor(c.var.db, organizationId, mentorId),
    mentorStatusHistory(c.var.db, organizationId, mentorId),
  ]);
  if (!mentor || !history) return errorPage(c, 404, true);
  return mentorPage(c, {
    mentor,
    history,
    revision: formRevision(await mentorETag(mentor, organizationPublicId)),
    now: new Date(),
    ...options,
  });
}

/** A change's outcome as the answer: back to the page, the page with its errors, or a 404. */
async function afterChange(c: Context<AppEnv>, outcome: string, typed: Record<string, string>) {
  switch (outcome) {
    case "saved":
    case "unchanged":
      return c.redirect(`${mentorPath(c, c.req.param("mentor_id"))}?notice=saved`, 303);
    case "precondition_failed":
    case "contended":
      return showMentor(c, { stale: true });
    case "email_taken":
      return showMentor(c, {
        failed: { errors: new Map([["email", c.var.text.mentor.emailTaken]]), typed },
      });
    default:
      return errorPage(c, 404, true);
  }
}

/** Mounted at /console/:organization_id/mentors, behind the membership check. */
export const mentorRoutes = new Hono<AppEnv>()
  // A mentor's status keeps their linked supporter off the public roster.
  .use(markRosterChangesOfConsoleWrites)
  .get("/", async (c) => {
    const view = listView(c);
    const query = listQueryOf(view, CONSOLE_PAGE_SIZE);
    const organizationId = c.var.membership.organizationId;
    const now = new Date();
    const { page, total } = mentorListStatements({
      organizationId,
      statuses: query.data?.statuses,
      search: query.data?.search,
      sort: "certification_expiry_date",
      expiresWithinDays: query.data?.expiresWithinDays,
      now,
      limit: query.success ? CONSOLE_PAGE_SIZE : 0,
      offset: pageOffset(view.page, CONSOLE_PAGE_SIZE),
    });
    const [rows, [totalRow], countRows] = await batchBound(c.var.db, [
      page,
      total,
      bind(mentorCountsStatement(c.var.db, organizationId).prepare(), {}),
    ]);
    const counts = Object.fromEntries(MENTOR_STATUSES.map((status) => [status, 0])) as Record<
      MentorStatus,
      number
    >;
    for (const row of countRows) counts[row.status] = row.count;
    return mentorListPage(c, {
      view,
      rows,
      total: query.success ? (totalRow?.total ?? 0) : 0,
      pageSize: CONSOLE_PAGE_SIZE,
      counts,
      errors: query.success ? new Map() : fieldErrors(query.error.issues, c.var.language),
      notice: noticeOf(c),
      now,
    });
  })
  .get("/new", (c) => newMentorPage(c))
  .post("/", async (c) => {
    const typed = await formFields(c);
    const body = createMentorBody.safeParse({
      full_name: typed.full_name,
      email: typed.email,
      phone: typed.phone?.trim() ? typed.phone.trim() : null,
      is_hlf: typed.is_hlf === "on",
      certification_expiry_date: typed.certification_expiry_date || undefined,
    });
    if (!body.success)
      return newMentorPage(c, { errors: fieldErrors(body.error.issues, c.var.language), typed });
    const mentor = newMentorRecord(
      {
        fullName: body.data.full_name,
        email: body.data.email,
        phone: body.data.phone,
        isHlf: body.data.is_hlf,
        isPaused: false,
        certificationExpiryDate: body.data.certification_expiry_date,
      },
      c.var.membership.organizationId,
      clock(c.env),
    );
    try {
      await insertMentor(c.var.db, mentor);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      return newMentorPage(c, {
        errors: new Map([["email", c.var.text.mentor.emailTaken]]),
        typed,
      });
    }
    return c.redirect(`${mentorPath(c, mentor.mentorId)}?notice=created`, 303);
  })
  .get("/:mentor_id", (c) => showMentor(c, { notice: noticeOf(c) }))
  .post("/:mentor_id", async (c) => {
    const typed = await formFields(c);
    const body = updateMentorBody.safeParse({
      full_name: typed.full_name,
      email: typed.email,
      phone: typed.phone?.trim() ? typed.phone.trim() : null,
      is_hlf: typed.is_hlf === "on",
    });
    if (!body.success)
      return showMentor(c, {
        failed: { errors: fieldErrors(body.error.issues, c.var.language), typed },
      });
    const outcome = await changeMentorFromConsole(
      c,
      c.req.param("mentor_id"),
      {
        fullName: body.data.full_name,
        email: body.data.email,
        phone: body.data.phone,
        isHlf: body.data.is_hlf,
      },
      { revision: typed.revision ?? "" },
    );
    return afterChange(c, outcome, typed);
  })
  .post("/:mentor_id/status", async (c) => {
    const typed = await formFields(c);
    const body = statusChangeBody.safeParse({ status: typed.status, reason: typed.reason });
    if (!body.success)
      return showMentor(c, {
        failed: { errors: fieldErrors(body.error.issues, c.var.language), typed },
      });
    const { status, reason } = body.data;
    const outcome = await changeMentorFromConsole(
      c,
      c.req.param("mentor_id"),
      // As the API's PATCH …/status: paused pauses; active un-pauses; expired marks it.
      status === "paused"
        ? { isPaused: true }
        : { isPaused: false, isManuallyExpired: status === "expired" },
      { revision: typed.revision ?? "", reason },
    );
    return afterChange(c, outcome, typed);
  })
  .post("/:mentor_id/certification-expiry", async (c) => {
    const typed = await formFields(c);
    const body = expiryChangeBody.safeParse({
      expiry_date: typed.certification_expiry_date || undefined,
    });
    if (!body.success) {
      const errors = fieldErrors(body.error.issues, c.var.language, {
        expiry_date: "certification_expiry_date",
      });
      return showMentor(c, { failed: { errors, typed } });
    }
    const outcome = await changeMentorFromConsole(
      c,
      c.req.param("mentor_id"),
      { certificationExpiryDate: body.data.expiry_date, isManuallyExpired: false },
      { revision: typed.revision ?? "" },
    );
    return afterChange(c, outcome, typed);
  })
  .post("/:mentor_id/delete", async (c) => {
    const typed = await formFields(c);
    if (typed.confirm !== "yes") {
      const errors = new Map([["confirm", c.var.text.mentor.deleteConfirmNeeded]]);
      return showMentor(c, { failed: { errors, typed } });
    }
    const outcome = await deleteMentorFromConsole(
      c,
      c.req.param("mentor_id"),
      typed.revision ?? "",
    );
    if (outcome === "deleted") return c.redirect(`${mentorPath(c)}?notice=deleted`, 303);
    return outcome === "precondition_failed"
      ? showMentor(c, { stale: true })
      : errorPage(c, 404, true);
  });

/** GET /console/:organization_id/mentors.csv: the list's current view, as the API's CSV. */
export async function mentorsCsvDownload(c: Context<AppEnv>) {
  const query = listQueryOf({ ...listView(c), page: 1 }, CONSOLE_PAGE_SIZE);
  if (!query.success) return c.redirect(mentorPath(c), 303);
  const { organizationId, organizationPublicId } = c.var.membership;
  const now = new Date();
  const { rows, total } = await listMentors(c.var.db, {
    organizationId,
    statuses: query.data.statuses,
    search: query.data.search,
    sort: "certification_expiry_date",
    expiresWithinDays: query.data.expiresWithinDays,
    now,
    limit: MAX_CSV_ROWS,
    offset: 0,
  });
  if (total > MAX_CSV_ROWS) throw csvTooLarge(total);
  return c.body(mentorsCsv(rows, organizationPublicId, now), 200, {
    "Content-Type": `${CSV_MEDIA_TYPE}; charset=utf-8`,
    "Content-Disposition": 'attachment; filename="peer-mentors.csv"',
  });
}
