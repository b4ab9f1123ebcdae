// npm run -s token -- create --org ID [--label TEXT] [--remote]
// npm run token -- list --org ID [--remote]
// npm run token -- revoke TOKEN_ID [--remote]
import { parseArgs } from "node:util";
import { createToken, listTokens, revokeToken } from "../src/auth/tokens.ts";
import { createDatabase } from "../src/db/client.ts";
import { findOrganization } from "../src/organizations/queries.ts";
import { errorMessage, fail, withBindings } from "./lib/bindings.ts";

const USAGE = `usage:
  npm run -s token -- create --org ID [--label TEXT] [--remote]   prints the new token on stdout
  npm run token -- list --org ID [--remote]
  npm run token -- revoke TOKEN_ID [--remote]
ID is the organization's id (5) or public id (org_x9y8z7).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    org: { type: "string" },
    label: { type: "string" },
    remote: { type: "boolean", default: false },
  },
});
const [command, ...rest] = positionals;

async function resolveOrganization(env: Env, idOrPublicId: string | undefined) {
  if (!idOrPublicId) fail(USAGE);
  const organization = await findOrganization(createDatabase(env.DB), idOrPublicId);
  if (!organization) fail(`No organization ${idOrPublicId}. Import it first (npm run db:import).`);
  return organization;
}

await withBindings({ remote: values.remote }, async (env) => {
  if (command === "create" && rest.length === 0) {
    const organization = await resolveOrganization(env, values.org);
    const { token, record } = await createToken(env.TOKENS, organization, values.label ?? null);
    console.error(
      `Created ${record.token_id} for organization ${organization.id} (${organization.publicId}). ` +
        "The token below is shown only this once.",
    );
    console.log(token);
  } else if (command === "list" && rest.length === 0) {
    const organization = await resolveOrganization(env, values.org);
    const records = await listTokens(env.TOKENS, organization.id);
    if (records.length === 0) console.error(`No tokens for organization ${organization.id}.`);
    for (const record of records) {
      console.log([record.token_id, record.created_at, record.label ?? ""].join("\t"));
    }
  } else if (command === "revoke" && rest.length === 1 && rest[0]) {
    const record = await revokeToken(env.TOKENS, rest[0]);
    if (!record) fail(`No token ${rest[0]}.`);
    console.error(`Revoked ${record.token_id} of organization ${record.organization_id}.`);
  } else {
    fail(USAGE);
  }
}).catch((error: unknown) => fail(errorMessage(error)));
