// npm run db:import -- FILE.json [--replace-roster ORG_ID]... [--remote]
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importDataset } from "../src/import/import-dataset.ts";
import { markRosterChanged } from "../src/peer-supporters/public/roster-changes.ts";
import { decodeUtf8Json } from "../src/lib/strict-utf8.ts";
import { certWarningDays } from "../src/settings.ts";
import { errorMessage, fail, withBindings } from "./lib/bindings.ts";

const USAGE = "usage: npm run db:import -- FILE.json [--replace-roster ORG_ID]... [--remote]";
let parsed: { positionals: string[]; values: { remote: boolean; "replace-roster"?: string[] } };
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      remote: { type: "boolean", default: false },
      "replace-roster": { type: "string", multiple: true },
    },
  });
} catch (error) {
  fail(`${errorMessage(error)}\n${USAGE}`);
}
const { positionals, values } = parsed;
const [file] = positionals;
if (!file || positionals.length > 1) fail(USAGE);
const replaceRosters = [...new Set(values["replace-roster"] ?? [])].map((id) => {
  if (!/^[1-9][0-9]{0,15}$/.test(id))
    fail(`--replace-roster takes an organization's numeric id, not "${id}"\n${USAGE}`);
  return Number(id);
});

let dataset: unknown;
try {
  const decoded = decodeUtf8Json(await readFile(file), "(file)");
  if (!decoded.ok) fail(`${file}: ${decoded.field}: must be UTF-8 text; nothing was written.`);
  dataset = JSON.parse(decoded.text);
} catch (error) {
  fail(`${file}: ${errorMessage(error)}`);
}

const result = await withBindings({ remote: values.remote }, async (env) => {
  const imported = await importDataset(env.DB, dataset, {
    certWarningDays: certWarningDays(env),
    replaceRosters,
  });
  // Any organization's public roster may have changed: no stale copy may outlive that.
  const { results } = await env.DB.prepare("SELECT id FROM organizations").all<{ id: number }>();
  if (imported.ok)
    await markRosterChanged(
      env.TOKENS,
      results.map((row) => row.id),
    );
  return imported;
}).catch((error: unknown) =>
  fail(
    `${file}: import failed: ${errorMessage(error)}\n` +
      "(Are the migrations applied? npm run db:migrate)",
  ),
);

if (!result.ok) {
  for (const { field, message } of result.errors) {
    console.error(`${file}: ${field || "(file)"}: ${message}`);
  }
  fail(`${file}: ${result.errors.length} error(s); nothing was written.`);
}
const written = Object.entries(result.written)
  .map(([collection, n]) => `${n} ${collection}`)
  .join(", ");
const removed =
  replaceRosters.length > 0
    ? `; removed ${result.removedMembers} member(s) of organization(s) ${replaceRosters.join(", ")} not in the file`
    : "";
console.error(
  `${file}: imported ${written} into the ${values.remote ? "remote" : "local"} database${removed}.`,
);
