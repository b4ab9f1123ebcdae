import { join } from "node:path";

/** The checkout's root: where wrangler.toml, migrations/ and node_modules/ are. */
export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
