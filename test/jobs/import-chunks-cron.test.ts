import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { isoSeconds } from "../../src/lib/time.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const minutesBefore = (minutes: number) => isoSeconds(new Date(NOW.getTime() - minutes * 60_000));

describe("the hourly cron and a killed import's staged chunks", () => {
  it("deletes chunks staged over an hour ago, and keeps a running import's", async () => {
    const stage = env.DB.prepare(
      "INSERT INTO import_chunks (import_id, collection, chunk, rows, created_at) VALUES (?, 'users', 0, ?, ?)",
    );
    await env.DB.batch([
      stage.bind("import_killed", '[[1,"Kari","kari@frivillig.no"]]', minutesBefore(61)),
      stage.bind("import_running", '[[2,"Ola","ola@frivillig.no"]]', minutesBefore(30)),
    ]);
    await worker.scheduled(
      createScheduledController({ scheduledTime: NOW.getTime(), cron: "0 * * * *" }),
      env,
    );
    const left = await env.DB.prepare("SELECT import_id FROM import_chunks").all<{
      import_id: string;
    }>();
    expect(left.results.map((row) => row.import_id)).toEqual(["import_running"]);
  });
});
