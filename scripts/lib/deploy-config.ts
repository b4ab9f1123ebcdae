import { join } from "node:path";
import { unstable_readConfig } from "wrangler";
import { PROJECT_ROOT } from "./bindings.ts";

// The fields `npm run deploy` reads; wrangler's own Config type comes from a package it does not ship.
type DeployFields = {
  name?: string;
  d1_databases: { binding: string; database_name?: string }[];
  queues: {
    producers?: { queue: string }[];
    consumers?: { queue: string; dead_letter_queue?: string }[];
  };
  vars: Record<string, unknown>;
};

/** What a deploy must find or create on the account, as wrangler.toml names it. */
export type DeployConfig = {
  /** Every queue the Worker sends to, consumes, or dead-letters into, each once. */
  queues: string[];
  databases: { binding: string; name: string }[];
  /** EMAIL_FROM's domain: Email Service must be onboarded for it. */
  emailDomain: string;
};

/** Reads wrangler.toml as wrangler does, so a renamed queue or database needs no change here. */
export function readDeployConfig(
  configPath = join(PROJECT_ROOT, "wrangler.toml"),
): DeployConfig | string {
  const config = unstable_readConfig({ config: configPath }) as DeployFields;
  const queues = new Set([
    ...(config.queues.producers ?? []).map((producer) => producer.queue),
    ...(config.queues.consumers ?? []).flatMap((consumer) =>
      consumer.dead_letter_queue ? [consumer.queue, consumer.dead_letter_queue] : [consumer.queue],
    ),
  ]);
  const databases = config.d1_databases.map((database) => ({
    binding: database.binding,
    name: database.database_name ?? "",
  }));
  const unnamed = databases.find((database) => !database.name);
  if (unnamed) return `wrangler.toml: give the D1 binding ${unnamed.binding} a database_name.`;
  const emailFrom = config.vars.EMAIL_FROM;
  const emailDomain = typeof emailFrom === "string" ? emailFrom.split("@")[1] : undefined;
  if (!emailDomain)
    return "wrangler.toml: set EMAIL_FROM in [vars] to the address emails come from.";
  return { queues: [...queues], databases, emailDomain };
}
