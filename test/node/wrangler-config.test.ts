import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEAD_LETTER_QUEUE, QUEUE_MAX_RETRIES } from "../../src/outbox/consumer.ts";

/* Numbers and names the code must know that live in wrangler.toml: they must agree. */
const config = readFileSync(join(import.meta.dirname, "..", "..", "wrangler.toml"), "utf8");
/** The settings of the outbox queue's consumer (the queue OUTBOX_QUEUE sends to). */
function outboxConsumer() {
  const queue = /\[\[queues\.producers\]\]\s*\nbinding = "OUTBOX_QUEUE"\nqueue = "([^"]+)"/.exec(
    config,
  )?.[1];
  expect(queue).toBeDefined();
  return new RegExp(`\\[\\[queues\\.consumers\\]\\]\\s*\\nqueue = "${queue ?? ""}"\\n([^[]*)`).exec(
    config,
  )?.[1];
}

describe("wrangler.toml", () => {
  it("gives the outbox queue the max_retries the stalled-delivery sweep counts with", () => {
    expect(outboxConsumer()).toMatch(new RegExp(`^max_retries = ${QUEUE_MAX_RETRIES}$`, "m"));
  });

  it("gives the outbox queue the dead-letter queue whose messages the consumer records failed", () => {
    expect(outboxConsumer()).toMatch(
      new RegExp(`^dead_letter_queue = "${DEAD_LETTER_QUEUE}"$`, "m"),
    );
    expect(config).toMatch(
      new RegExp(`\\[\\[queues\\.consumers\\]\\]\\s*\\nqueue = "${DEAD_LETTER_QUEUE}"\\n`),
    );
  });
});
