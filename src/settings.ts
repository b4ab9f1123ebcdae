import { emailAddressProblem } from "./lib/email-address.ts";

/*
 * Every `[vars]` entry of wrangler.toml, parsed here and nowhere else: one
 * parser per entry (test/settings.test.ts checks the two lists are the same).
 * A number comes from wrangler.toml as a number, or as text from a dashboard
 * override or .dev.vars. Misconfiguration throws, naming the entry.
 */

type Vars = Pick<
  Env,
  | "ASSETS_BASE_URL"
  | "DEFAULT_AVATAR_URL"
  | "CERT_WARNING_DAYS"
  | "CORS_ORIGINS"
  | "REMINDER_DAYS"
  | "WEBHOOK_RETRY_BASE_SECONDS"
  | "WEBHOOKS_ALLOW_LOCAL_HTTP"
  | "PUBLIC_ROSTER_MAX_AGE"
  | "PUBLIC_ROSTER_STALE_SECONDS"
  | "EMAIL_FROM"
  | "CONSOLE_URL"
>;

function wholeNumber(value: unknown, name: string, { min, unit }: { min: number; unit: string }) {
  const number = typeof value === "string" && value.trim() === "" ? NaN : Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new Error(`${name} must be a whole number of ${unit} (${min} or more)`);
  }
  return number;
}

/** Reminder thresholds: whole days, largest first, duplicates dropped. */
export const MAX_REMINDER_DAYS = 365;

function reminderDayList(value: unknown, name: string): number[] {
  const days = String(value)
    .split(",")
    .map((part) => part.trim());
  if (
    days.some((day) => !/^\d+$/.test(day) || Number(day) < 1 || Number(day) > MAX_REMINDER_DAYS)
  ) {
    throw new Error(
      `${name} must be whole numbers of days from 1 to ${MAX_REMINDER_DAYS}, comma-separated ("60,30,7")`,
    );
  }
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

function absoluteUrl(value: unknown, name: string): string {
  const url = URL.parse(String(value));
  if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`${name} must be an http(s) URL`);
  return String(value);
}

function flag(value: unknown, name: string): boolean {
  if (value === "true" || value === true) return true;
  if (value === "false" || value === false) return false;
  throw new Error(`${name} must be "true" or "false"`);
}

/** An address the Email Service may send from: `name@domain`, no display name. */
function senderAddress(value: unknown, name: string): string {
  const address = String(value).trim();
  if (emailAddressProblem(address) !== undefined) {
    throw new Error(`${name} must be an email address (noreply@example.org)`);
  }
  return address;
}

/** "*" or the listed origins. */
function originList(value: unknown): "*" | string[] {
  const setting = String(value).trim() || "*";
  return setting === "*" ? "*" : setting.split(",").map((origin) => origin.trim());
}

const parsers = {
  ASSETS_BASE_URL: (env: Vars) => absoluteUrl(env.ASSETS_BASE_URL, "ASSETS_BASE_URL"),
  DEFAULT_AVATAR_URL: (env: Vars) => absoluteUrl(env.DEFAULT_AVATAR_URL, "DEFAULT_AVATAR_URL"),
  CERT_WARNING_DAYS: (env: Pick<Vars, "CERT_WARNING_DAYS">) =>
    wholeNumber(env.CERT_WARNING_DAYS, "CERT_WARNING_DAYS", { min: 0, unit: "days" }),
  CORS_ORIGINS: (env: Vars) => originList(env.CORS_ORIGINS),
  REMINDER_DAYS: (env: Pick<Vars, "REMINDER_DAYS">) =>
    reminderDayList(env.REMINDER_DAYS, "REMINDER_DAYS"),
  WEBHOOK_RETRY_BASE_SECONDS: (env: Vars) =>
    wholeNumber(env.WEBHOOK_RETRY_BASE_SECONDS, "WEBHOOK_RETRY_BASE_SECONDS", {
      min: 0,
      unit: "seconds",
    }),
  WEBHOOKS_ALLOW_LOCAL_HTTP: (env: Vars) =>
    flag(env.WEBHOOKS_ALLOW_LOCAL_HTTP, "WEBHOOKS_ALLOW_LOCAL_HTTP"),
  PUBLIC_ROSTER_MAX_AGE: (env: Vars) =>
    wholeNumber(env.PUBLIC_ROSTER_MAX_AGE, "PUBLIC_ROSTER_MAX_AGE", { min: 1, unit: "seconds" }),
  PUBLIC_ROSTER_STALE_SECONDS: (env: Vars) =>
    wholeNumber(env.PUBLIC_ROSTER_STALE_SECONDS, "PUBLIC_ROSTER_STALE_SECONDS", {
      min: 0,
      unit: "seconds",
    }),
  EMAIL_FROM: (env: Vars) => senderAddress(env.EMAIL_FROM, "EMAIL_FROM"),
  // Empty: no console links in emails. Kept without a trailing slash, for appending paths.
  CONSOLE_URL: (env: Pick<Vars, "CONSOLE_URL">) => {
    const url = env.CONSOLE_URL.trim();
    return url === "" ? undefined : absoluteUrl(url, "CONSOLE_URL").replace(/\/+$/, "");
  },
} satisfies { [Name in keyof Vars]: (env: Vars) => unknown };

export type Settings = { [Name in keyof typeof parsers]: ReturnType<(typeof parsers)[Name]> };

/** Every entry parsed: what a deployment's configuration means, or the first error in it. */
export function parseSettings(env: Vars): Settings {
  return Object.fromEntries(
    Object.entries(parsers).map(([name, parse]) => [name, parse(env)]),
  ) as Settings;
}

// Parsed entries by env object and entry, with the raw value they were parsed from: an isolate
// keeps one env, so each entry is parsed once, not on every request.
const parsed = new WeakMap<object, Map<string, { raw: unknown; value: unknown }>>();

/** `parse`, kept per env object while the entry's raw value stays the same. */
function parsedOnce<Name extends keyof Vars, Value>(
  name: Name,
  parse: (env: Pick<Vars, Name>) => Value,
): (env: Pick<Vars, Name>) => Value {
  return (env) => {
    let entries = parsed.get(env);
    if (!entries) {
      entries = new Map();
      parsed.set(env, entries);
    }
    const raw = env[name];
    const kept = entries.get(name);
    if (kept && kept.raw === raw) return kept.value as Value;
    const value = parse(env);
    entries.set(name, { raw, value });
    return value;
  };
}

/** Each entry's parser, by name: a caller parses what it uses (the CLIs have a few entries only). */
export const settings = Object.fromEntries(
  Object.entries(parsers).map(([name, parse]) => [
    name,
    parsedOnce(name as keyof Vars, parse as (env: Vars) => unknown),
  ]),
) as unknown as typeof parsers;

/** CERT_WARNING_DAYS: a mentor is `warning` within this many days of expiry. */
export const certWarningDays = settings.CERT_WARNING_DAYS;
/** REMINDER_DAYS: the reminder thresholds of an organization that saved no settings of its own. */
export const reminderDays = settings.REMINDER_DAYS;
