import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { getPlatformProxy, unstable_readConfig } from "wrangler";
import { fail } from "./fail.ts";
import { PROJECT_ROOT } from "./project-root.ts";
import { runCaptured } from "./steps.ts";
import { WRANGLER, wranglerEnv } from "./wrangler.ts";

// The fields read here; wrangler's own Config type comes from a package it does not ship.
type BindingsConfig = {
  name?: string;
  compatibility_date?: string;
  d1_databases: { binding: string; database_name?: string; database_id?: string }[];
  kv_namespaces: { binding: string; id?: string }[];
};

/** A JSON listing of the account's resources from `wrangler args`; wrangler's output if it fails. */
function listRemote<T>(args: string[]): T[] {
  const { status, stdout, output } = runCaptured(process.execPath, [WRANGLER, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...wranglerEnv, CI: "true", WRANGLER_LOG: "log" },
  });
  if (status !== 0) {
    console.error(output.trimEnd());
    fail(`Could not list the remote resources: \`wrangler ${args.join(" ")}\` failed.`);
  }
  return JSON.parse(stdout) as T[];
}

/**
 * wrangler.toml names no ids (npm run deploy has wrangler provision them), but
 * remote bindings need them: the database's by its name, the KV namespace's by
 * the name wrangler's provisioning gives it (`<worker>-<binding>`, peer-roster-tokens).
 */
function resolveRemoteIds(config: BindingsConfig): BindingsConfig {
  const databases = config.d1_databases.some((d) => !d.database_id)
    ? listRemote<{ uuid: string; name: string }>(["d1", "list", "--json"])
    : [];
  const namespaces = config.kv_namespaces.some((k) => !k.id)
    ? listRemote<{ id: string; title: string }>(["kv", "namespace", "list"])
    : [];
  const provisionedTitle = (binding: string) =>
    `${config.name ?? ""}-${binding.toLowerCase().replaceAll("_", "-")}`;
  return {
    ...config,
    d1_databases: config.d1_databases.map((d) => ({
      ...d,
      database_id:
        d.database_id ??
        databases.find((found) => found.name === d.database_name)?.uuid ??
        fail(`No D1 database ${d.database_name ?? d.binding} on this account: run npm run deploy.`),
    })),
    kv_namespaces: config.kv_namespaces.map((k) => ({
      ...k,
      id:
        k.id ??
        namespaces.find((found) => found.title === provisionedTitle(k.binding))?.id ??
        fail(
          `No KV namespace ${provisionedTitle(k.binding)} on this account: run npm run deploy, or give ${k.binding} its id in wrangler.toml.`,
        ),
    })),
  };
}

/**
 * A copy of wrangler.toml's D1 and KV bindings marked `remote = true`, with
 * their ids, so getPlatformProxy talks to the deployed resources instead of local state.
 */
async function writeRemoteConfig(): Promise<string> {
  const config = resolveRemoteIds(
    unstable_readConfig({ config: join(PROJECT_ROOT, "wrangler.toml") }) as BindingsConfig,
  );
  const remoteConfig = {
    name: config.name,
    compatibility_date: config.compatibility_date,
    d1_databases: config.d1_databases.map((d) => ({
      binding: d.binding,
      database_name: d.database_name,
      database_id: d.database_id,
      remote: true,
    })),
    kv_namespaces: config.kv_namespaces.map((k) => ({
      binding: k.binding,
      id: k.id,
      remote: true,
    })),
  };
  const dir = join(PROJECT_ROOT, ".wrangler", "cli");
  await mkdir(dir, { recursive: true });
  const path = join(dir, "wrangler.remote.json");
  await writeFile(path, JSON.stringify(remoteConfig, null, 2));
  return path;
}

/**
 * Runs `use` with the Worker's bindings: the local state `wrangler dev` uses
 * (.wrangler/state, or `persistTo` as given to `wrangler --persist-to`), or
 * with `remote` the deployed D1 database and KV namespace.
 */
export async function withBindings<T>(
  { remote, persistTo }: { remote: boolean; persistTo?: string },
  use: (env: Env) => Promise<T>,
): Promise<T> {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  // Keep wrangler's banner off stdout: `token create` prints the token alone there.
  process.env.WRANGLER_LOG ??= "error";
  const proxy = await getPlatformProxy<Env>(
    remote
      ? { configPath: await writeRemoteConfig(), remoteBindings: true, persist: false }
      : {
          configPath: join(PROJECT_ROOT, "wrangler.toml"),
          remoteBindings: false,
          // getPlatformProxy takes the versioned root that `--persist-to DIR` uses, DIR/v3.
          ...(persistTo ? { persist: { path: join(persistTo, "v3") } } : {}),
        },
  ).catch((error: unknown) =>
    fail(`Could not open the ${remote ? "remote" : "local"} bindings: ${errorMessage(error)}`),
  );
  try {
    return await use(proxy.env);
  } finally {
    await proxy.dispose();
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Their own modules, so scripts can fail before loading wrangler (scripts/dev.ts).
export { fail, PROJECT_ROOT };
