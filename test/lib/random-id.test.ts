import { describe, expect, it } from "vitest";
import { randomId } from "../../src/lib/random-id.ts";

describe("randomId", () => {
  it("gives the prefix and that many symbols, never the same id twice, across its random blocks", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => randomId("x_", 1 + (i % 40)));
    ids.forEach((id, i) => {
      expect(id).toMatch(new RegExp(`^x_[a-z2-7]{${String(1 + (i % 40))}}$`));
    });
    const long = ids.filter((id) => id.length >= 2 + 16);
    expect(new Set(long).size).toBe(long.length);
    expect(randomId("big_", 10_000)).toHaveLength(4 + 10_000);
  });
});
