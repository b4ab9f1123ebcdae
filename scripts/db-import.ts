// npm run db:import -- FILE.json [--remote]
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importDataset } from "../src/import/import-dataset.ts";
import { certWarningDays } from "../src/settings.ts";
import { errorMessage, fail, withBindings } from "./lib/bindings.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { remote: { type: "boolean", default: false } },
});
const [file] = positionals;
if (!file || positionals.length > 1) fail("usage: npm run db:import -- FILE.json [--remote]");

let dataset: unknown;
try {
  dataset = JSON.parse(await readFile(file, "utf8"));
} catch (error) {
  fail(`${file}: ${errorMessage(error)}`);
}

const result = await withBindings({ remote: values.remote }, (env) =>
  importDataset(env.DB, dataset, { certWarningDays: certWarningDays(env) }),
).catch((error: unknown) =>
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
console.error(
  `${file}: imported ${written} into the ${values.remote ? "remote" : "local"} database.`,
);
