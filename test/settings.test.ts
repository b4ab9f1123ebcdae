import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { certWarningDays, parseSettings, reminderDays, settings } from "../src/settings.ts";
import wranglerToml from "../wrangler.toml?raw";

/** The names under [vars] in wrangler.toml. */
function varsOfWranglerToml(): string[] {
  const section = /^\[vars\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(wranglerToml)?.[1] ?? "";
  return [...section.matchAll(/^([A-Z0-9_]+)\s*=/gm)].map((match) => match[1] ?? "");
}

describe("settings", () => {
  it("parse every [vars] entry of wrangler.toml, one to one", () => {
    const parsed = parseSettings(env);
    expect(Object.keys(parsed).sort()).toEqual(varsOfWranglerToml().sort());
    expect(parsed).toMatchObject({
      CERT_WARNING_DAYS: 60,
      REMINDER_DAYS: [60, 30, 7],
      CORS_ORIGINS: "*",
      EMAIL_FROM: "noreply@peer-roster.example.org",
    });
  });

  it("name the entry that is wrong", () => {
    expect(() => parseSettings({ ...env, EMAIL_FROM: "peer roster" })).toThrow(/EMAIL_FROM/);
    expect(() => parseSettings({ ...env, WEBHOOKS_ALLOW_LOCAL_HTTP: "yes" })).toThrow(
      /WEBHOOKS_ALLOW_LOCAL_HTTP/,
    );
    expect(() => parseSettings({ ...env, ASSETS_BASE_URL: "s3 bucket" })).toThrow(
      /ASSETS_BASE_URL/,
    );
  });
});

describe("CONSOLE_URL", () => {
  it("is no URL when empty, the URL without its trailing slash when set", () => {
    expect(settings.CONSOLE_URL({ CONSOLE_URL: " " })).toBeUndefined();
    expect(settings.CONSOLE_URL({ CONSOLE_URL: "https://peer-roster.example.org/" })).toBe(
      "https://peer-roster.example.org",
    );
    expect(() => settings.CONSOLE_URL({ CONSOLE_URL: "peer-roster.example.org" })).toThrow(
      /CONSOLE_URL/,
    );
  });
});

describe("CERT_WARNING_DAYS", () => {
  it.each(["-1", "2.5", "sixty", ""])("rejects %j", (value) => {
    expect(() => certWarningDays({ CERT_WARNING_DAYS: value as never })).toThrow(/whole number/);
  });

  it("accepts a whole number given as text", () => {
    expect(certWarningDays({ CERT_WARNING_DAYS: "30" as never })).toBe(30);
  });
});

describe("REMINDER_DAYS", () => {
  it("takes whole days from 1 to 365, comma-separated, in any order", () => {
    expect(reminderDays({ REMINDER_DAYS: " 7, 60,30,60" })).toEqual([60, 30, 7]);
    for (const bad of ["", "60,,30", "sixty", "-7", "7.5", "0", "366"]) {
      expect(() => reminderDays({ REMINDER_DAYS: bad }), bad).toThrow(/REMINDER_DAYS/);
    }
  });
});

describe("settings kept per env object", () => {
  it("parse an entry once while its raw value stays, again when it changes", () => {
    const vars = { REMINDER_DAYS: "7,30" };
    const first = reminderDays(vars);
    expect(reminderDays(vars)).toBe(first);
    vars.REMINDER_DAYS = "14";
    expect(reminderDays(vars)).toEqual([14]);
    vars.REMINDER_DAYS = "7,30";
    expect(reminderDays(vars)).toEqual([30, 7]);
  });

  it("keep each env object's own values, and no error", () => {
    const one = { ...env, CORS_ORIGINS: "https://a.example" };
    const other = { ...env, CORS_ORIGINS: "*" };
    expect(settings.CORS_ORIGINS(one)).toEqual(["https://a.example"]);
    expect(settings.CORS_ORIGINS(other)).toBe("*");
    expect(settings.CORS_ORIGINS(one)).toEqual(["https://a.example"]);
    const vars = { CERT_WARNING_DAYS: "sixty" as never };
    expect(() => certWarningDays(vars)).toThrow(/whole number/);
    expect(() => certWarningDays(vars)).toThrow(/whole number/);
  });
});
