import { writeOpenApiDocument } from "../../scripts/lib/assets.ts";

/**
 * Global setup: writes public/openapi.json from the routes as they are now,
 * as the build does, before the Worker under test serves it at /openapi.json
 * (and test/node/openapi-document.test.ts compares it with the generator's).
 */
export default async function setup() {
  await writeOpenApiDocument();
}
