import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { fieldErrors, formFields } from "../forms.ts";
import { errorPage } from "../layout/render.tsx";
import { newMemberInput } from "../members/new-member.ts";
import { addMember, listMembers, MemberExistsError, removeMember } from "../members/queries.ts";
import { requireAdmin } from "../sessions/middleware.ts";
import { teamPage } from "./page.tsx";

const NOTICES = ["added", "removed"] as const;

const teamPath = (c: Context<AppEnv>) => `/console/${c.var.membership.organizationPublicId}/team`;

/** Mounted at /console/:organization_id/team: everyone sees the team, admins change it. */
export const teamRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const notice = NOTICES.find((known) => known === c.req.query("notice"));
    return teamPage(c, {
      members: await listMembers(c.var.db, c.var.membership.organizationId),
      notice: notice && c.var.text.team[notice],
    });
  })
  .post("/", requireAdmin, async (c) => {
    const typed = await formFields(c);
    const input = newMemberInput.safeParse(typed);
    const organizationId = c.var.membership.organizationId;
    if (!input.success) {
      const members = await listMembers(c.var.db, organizationId);
      return teamPage(c, {
        members,
        errors: fieldErrors(input.error.issues, c.var.language),
        typed,
      });
    }
    try {
      await addMember(c.var.db, { organizationId, ...input.data });
    } catch (error) {
      if (!(error instanceof MemberExistsError)) throw error;
      const members = await listMembers(c.var.db, organizationId);
      return teamPage(c, { members, errors: new Map([["email", c.var.text.team.exists]]), typed });
    }
    return c.redirect(`${teamPath(c)}?notice=added`, 303);
  })
  .post("/:member_id/remove", requireAdmin, async (c) => {
    const removed = await removeMember(
      c.var.db,
      c.var.membership.organizationId,
      c.req.param("member_id"),
    );
    return removed ? c.redirect(`${teamPath(c)}?notice=removed`, 303) : errorPage(c, 404, true);
  });
