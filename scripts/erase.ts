// npm run -s erase -- --user ID [--remote | --persist-to DIR]
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { erasePerson } from "../src/erasure/erase-person.ts";
import { markRosterChanged } from "../src/peer-supporters/public/roster-changes.ts";
import { errorMessage, fail, withBindings } from "./lib/bindings.ts";

const USAGE = "usage: npm run -s erase -- --user ID [--remote | --persist-to DIR]";

let values: { user?: string; remote: boolean; "persist-to"?: string };
try {
  ({ values } = parseArgs({
    options: {
      user: { type: "string" },
      remote: { type: "boolean", default: false },
      // The local state folder, as `wrangler --persist-to` takes it (default .wrangler/state).
      "persist-to": { type: "string" },
    },
  }));
} catch (error) {
  fail(`${errorMessage(error)}\n${USAGE}`);
}
const userId = Number(values.user);
if (!values.user || !/^[1-9][0-9]{0,15}$/.test(values.user) || !Number.isSafeInteger(userId)) {
  fail(USAGE);
}
const persistTo = values["persist-to"];
// wrangler would make a missing folder and then blame the migrations.
if (persistTo !== undefined && !existsSync(persistTo))
  fail(`--persist-to ${persistTo}: no such folder`);

const where = values.remote ? "remote" : "local";
const report = await withBindings({ remote: values.remote, persistTo }, async (env) => {
  const { results } = await env.DB.prepare(
    "SELECT DISTINCT organization_id AS id FROM organization_members WHERE user_id = ?",
  )
    .bind(userId)
    .all<{ id: number }>();
  const erased = await erasePerson(env.DB, userId);
  // No stale copy of their organizations' public rosters may show them again (roster-changes.ts).
  await markRosterChanged(
    env.TOKENS,
    results.map((row) => row.id),
  );
  return erased;
}).catch((error: unknown) =>
  fail(
    `erase failed, nothing was removed: ${errorMessage(error)}\n(Are the migrations applied? npm run db:migrate)`,
  ),
);
if (!report) fail(`No user with id ${userId} in the ${where} database; nothing was removed.`);

const { linked_peer_mentors: mentors, ...removed } = report;
console.log(`Erased user ${userId} from the ${where} database:`);
for (const [table, n] of Object.entries(removed)) console.log(`  ${table}: ${n}`);
if (mentors.length > 0) {
  console.log(
    `Linked peer mentor records were not erased (the registry's own data): ${mentors.join(", ")}.\n` +
      "Erase them too with DELETE /api/v1/peer-mentors/:mentor_id if they are this person's.",
  );
}
