// npm run -s token -- create --org ID [--label TEXT] [--remote]
// npm run -s token -- create --org ID --publishable [--origin URL]... [--label TEXT] [--remote]
// npm run token -- list --org ID [--remote]
// npm run token -- revoke TOKEN_ID [--remote]
import { parseArgs } from "node:util";
import { createToken, listTokens, revokeToken, tokenKind } from "../src/auth/tokens.ts";
import { createDatabase } from "../src/db/client.ts";
import { findOrganization } from "../src/organizations/queries.ts";
import { errorMessage, fail, withBindings } from "./lib/bindings.ts";

const USAGE = `usage:
  npm run -s token -- create --org ID [--label TEXT] [--remote]
      a secret key, printed alone on stdout; never put it in a web page
  npm run -s token -- create --org ID --publishable [--origin URL]... [--label TEXT] [--remote]
      a publishable key for web pages: it reads the public roster only,
      from the given origins (https://www.example.org) or, with none, from any
  npm run token -- list --org ID [--remote]
  npm run token -- revoke TOKEN_ID [--remote]
ID is the organization's id (5) or public id (org_x9y8z7).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    org: { type: "string" },
    label: { type: "string" },
    publishable: { type: "boolean", default: false },
    origin: { type: "string", multiple: true, default: [] },
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
    if (values.origin.length > 0 && !values.publishable) fail("--origin needs --publishable.");
    const { token, record } = await createToken(env.TOKENS, organization, values.label ?? null, {
      kind: values.publishable ? "publishable" : "secret",
      origins: values.origin,
    });
    console.error(
      values.publishable
        ? `Created publishable key ${record.token_id} for organization ${organization.id}, ` +
            `usable from ${record.origins?.join(", ") || "any website"}. It reads the public roster only.`
        : `Created secret key ${record.token_id} for organization ${organization.id} (${organization.publicId}). ` +
            "The token below is shown only this once; keep it out of web pages.",
    );
    console.log(token);
  } else if (command === "list" && rest.length === 0) {
    const organization = await resolveOrganization(env, values.org);
    const records = await listTokens(env.TOKENS, organization.id);
    if (records.length === 0) console.error(`No tokens for organization ${organization.id}.`);
    for (const record of records) {
      const origins = tokenKind(record) === "publishable" ? record.origins?.join(",") || "*" : "";
      console.log(
        [record.token_id, tokenKind(record), record.created_at, origins, record.label ?? ""].join(
          "\t",
        ),
      );
    }
  } else if (command === "revoke" && rest.length === 1 && rest[0]) {
    const record = await revokeToken(env.TOKENS, rest[0]);
    if (!record) fail(`No token ${rest[0]}.`);
    console.error(`Revoked ${record.token_id} of organization ${record.organization_id}.`);
  } else {
    fail(USAGE);
  }
}).catch((error: unknown) => fail(errorMessage(error)));
