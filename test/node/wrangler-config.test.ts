import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { QUEUE_MAX_RETRIES } from "../../src/outbox/consumer.ts";

/* Numbers the code must know that live in wrangler.toml: they must agree. */
describe("wrangler.toml", () => {
  it("gives the outbox queue the max_retries the stalled-delivery sweep counts with", () => {
    const config = readFileSync(join(import.meta.dirname, "..", "..", "wrangler.toml"), "utf8");
    const consumer = /\[\[queues\.consumers\]\]\s*\nqueue = "peer-roster-webhooks"\n([^[]*)/.exec(
      config,
    );
    expect(consumer?.[1]).toMatch(new RegExp(`^max_retries = ${QUEUE_MAX_RETRIES}$`, "m"));
  });
});
