// npm run bench's measure of the database alone: D1's own time per read shape.
import type { RawStatement } from "./bare-worker.ts";

/**
 * D1's own time per request of each read shape (scripts/lib/bench-floors.ts):
 * the sum of its statements' meta.duration, the mean of 20 runs. It
 * separates the database's share from the runtime's.
 */
export async function measureD1(
  d1: D1Database,
  batches: Record<string, RawStatement[]>,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, statements] of Object.entries(batches)) {
    let sum = 0;
    for (let run = 0; run < 20; run++) {
      for (const { sql, params } of statements) {
        sum += (
          await d1
            .prepare(sql)
            .bind(...params)
            .all()
        ).meta.duration;
      }
    }
    result[name] = sum / 20;
  }
  return result;
}
