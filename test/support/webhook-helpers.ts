import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";
import worker from "../../src/index.ts";
import type { ReceivedDelivery } from "./webhook-receiver.ts";
import { send } from "./helpers.ts";

export const WEBHOOKS = "/api/v1/webhooks";
const receiver = inject("webhookReceiver");

/** The receiver's URL for deliveries under `name`. */
export const hookUrl = (name: string) => `${receiver}/hooks/${name}`;

/** Makes the receiver answer the next `times` deliveries to `name` with 503. */
export async function failNext(name: string, times: number) {
  await fetch(`${receiver}/fail/${name}?times=${String(times)}`, { method: "POST" });
}

/** What reached the receiver under `name` so far. */
export async function receivedAt(name: string): Promise<ReceivedDelivery[]> {
  return (await fetch(`${receiver}/received/${name}`)).json<ReceivedDelivery[]>();
}

/** Waits until `count` deliveries reached `name` (through the real queue), and returns them. */
export async function waitForDeliveries(name: string, count: number, timeoutMs = 20_000) {
  let deliveries: ReceivedDelivery[] = [];
  await expect
    .poll(async () => (deliveries = await receivedAt(name)).length, {
      timeout: timeoutMs,
      interval: 200,
    })
    .toBeGreaterThanOrEqual(count);
  return deliveries;
}

/** Subscribes the receiver's `name` to `events`; answers the endpoint with its secret. */
export async function subscribe(
  token: string,
  name: string,
  events = ["peer_mentor.status_changed", "peer_mentor.certification_expiring"],
) {
  const response = await send(WEBHOOKS, "POST", { url: hookUrl(name), events }, token);
  expect(response.status).toBe(201);
  return response.json<{ webhook_id: string; secret: string }>();
}

export type EventBody = {
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
};

/** Runs the hourly cron as if at `at` (it does all its work before it returns). */
export async function runCron(at: Date) {
  await worker.scheduled(
    createScheduledController({ scheduledTime: at.getTime(), cron: "0 * * * *" }),
    env,
  );
}
