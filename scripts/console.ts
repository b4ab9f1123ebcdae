// npm run -s console -- invite --org ID --email ADDRESS --role admin|coordinator [--name NAME] [--remote]
// npm run -s console -- list --org ID [--remote]
// npm run -s console -- remove --org ID --email ADDRESS [--remote]
import { parseArgs } from "node:util";
import { createDatabase } from "../src/db/client.ts";
import { findOrganization } from "../src/organizations/queries.ts";
import {
  inviteConsoleMember,
  listConsoleMembers,
  removeConsoleMember,
} from "./lib/console-members.ts";
import { errorMessage, fail, withBindings } from "./lib/bindings.ts";

const USAGE = `usage:
  npm run -s console -- invite --org ID --email ADDRESS --role admin|coordinator [--name NAME] [--remote]
      lets ADDRESS sign in to the organization's coordinator console (/console)
      by an emailed link; admins also add and remove members there
  npm run -s console -- list --org ID [--remote]
  npm run -s console -- remove --org ID --email ADDRESS [--remote]
      ends that member's access and, with their last organization, their sessions
ID is the organization's id (5) or public id (org_x9y8z7).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    org: { type: "string" },
    email: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    remote: { type: "boolean", default: false },
    // Another local database than .wrangler/state (the CLI's tests).
    "persist-to": { type: "string" },
  },
});
const [command, ...rest] = positionals;
if (rest.length > 0 || !values.org) fail(USAGE);

await withBindings({ remote: values.remote, persistTo: values["persist-to"] }, async (env) => {
  const db = createDatabase(env.DB);
  const organization = await findOrganization(db, values.org ?? "");
  if (!organization)
    fail(`No organization ${values.org ?? ""}. Import it first (npm run db:import).`);
  if (command === "invite") {
    const member = await inviteConsoleMember(db, organization, {
      email: values.email,
      role: values.role,
      name: values.name,
    });
    console.error(
      `${member.email} is now ${member.role === "admin" ? "an admin" : "a coordinator"} of ${organization.name} (${organization.publicId}): ` +
        "they sign in at /console/sign-in with a link emailed to that address.",
    );
  } else if (command === "list") {
    const members = await listConsoleMembers(db, organization);
    if (members.length === 0)
      console.error(`No console members in organization ${organization.publicId}.`);
    for (const member of members) {
      console.log([member.email, member.role, member.displayName, member.createdAt].join("\t"));
    }
  } else if (command === "remove") {
    const email = await removeConsoleMember(db, organization, values.email);
    console.error(`Removed ${email} from ${organization.publicId}.`);
  } else {
    fail(USAGE);
  }
}).catch((error: unknown) => fail(errorMessage(error)));
