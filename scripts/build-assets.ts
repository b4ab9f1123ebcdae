// npm run build:assets: builds what public/ serves (the widget) before a deploy or dry run.
import { buildAssets } from "./lib/assets.ts";

await buildAssets();
