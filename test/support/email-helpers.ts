import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { send } from "./helpers.ts";

/*
 * The real local send_email binding, wrapped (never replaced): every message
 * goes through it, and the wrapper records each one with the message id the
 * binding answered, or throws instead of sending while failures are
 * injected. The queue consumer runs in this isolate with this same `env`.
 */
export type SentEmail = EmailMessageBuilder & { messageId: string };

const sent: SentEmail[] = [];
let failuresToInject = 0;
const realBinding = env.EMAIL;

Object.defineProperty(env, "EMAIL", {
  configurable: true,
  value: {
    // The app sends builders only (src/outbox/channels/email.ts).
    async send(message: EmailMessageBuilder) {
      if (failuresToInject > 0) {
        failuresToInject--;
        throw new Error("Email Service unavailable (injected)");
      }
      const result = await realBinding.send(message);
      sent.push({ ...message, messageId: result.messageId });
      return result;
    },
  },
});

/** Makes the next `times` sends fail before they reach the binding. */
export function failNextSends(times: number) {
  failuresToInject = times;
}

/** Every email sent so far, oldest first. */
export const sentEmails = (): readonly SentEmail[] => sent;

const recipientsOf = (email: SentEmail) => [email.to ?? []].flat().map(String);

/** The emails sent to `address`. */
export const sentTo = (address: string) =>
  sent.filter((email) => recipientsOf(email).includes(address));

/** Waits until `count` emails reached `address` (through the real queue), and returns them. */
export async function waitForEmails(address: string, count: number, timeoutMs = 20_000) {
  await expect
    .poll(() => sentTo(address).length, { timeout: timeoutMs, interval: 100 })
    .toBeGreaterThanOrEqual(count);
  return sentTo(address);
}

export const SETTINGS_PATH = "/api/v1/notification-settings";

export type SettingsBody = {
  coordinator_emails: string[];
  mentor_reminders: boolean;
  reminder_days: number[];
  language: "nb" | "en";
  weekly_digest: boolean;
};

/** Saves an organization's notification settings, asserting a 200. */
export async function saveSettings(token: string, settings: SettingsBody) {
  const response = await send(SETTINGS_PATH, "PUT", settings, token);
  expect(response.status).toBe(200);
  return response.json();
}

/** Emails on for `coordinator` and the mentors, in English, 30 days ahead, no digest. */
export const saveEnglishSettings = (token: string, coordinator: string) =>
  saveSettings(token, {
    coordinator_emails: [coordinator],
    mentor_reminders: true,
    reminder_days: [30],
    language: "en",
    weekly_digest: false,
  });

export type StoredEmail = {
  email_id: string;
  organization_id: number;
  kind: string;
  mentor_id: string | null;
  recipients: string;
  language: string;
  subject: string;
  data: string | null;
  status: string;
  attempts: number;
  message_id: string | null;
  created_at: string;
};

/** The email outbox as stored, oldest first. */
export async function storedEmails(where = "1 = 1", ...params: unknown[]) {
  const { results } = await env.DB.prepare(
    `SELECT * FROM emails WHERE ${where} ORDER BY created_at, kind, mentor_id`,
  )
    .bind(...params)
    .all<StoredEmail>();
  return results;
}
