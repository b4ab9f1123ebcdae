import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchStatements, createDatabase } from "../../../src/db/client.ts";
import {
  shortTermsOf,
  stagedShortTermsOf,
  storedShortTerms,
} from "../../../src/peer-supporters/roster/short-terms.ts";

/*
 * The import's staged short terms (src/peer-supporters/roster/short-terms.ts)
 * turned back into the stored ones by SQL, for texts made to break the hex()
 * and replace(): the separator Q itself, a byte whose hex ends in 5 before a
 * control from 0x10 to 0x1F ("U\u0015" is 55 15, a "51" astride), characters
 * of two, three and four bytes, lone surrogates.
 */

const db = createDatabase(env.DB);
const pieces = ["q", "Q", "U", "e", "5", "é", "ø", "\u0551", "漢", "\u{1F600}"];
const hostile = [...pieces, "\u0015", "\u0011", "\u001f", "\t", "\n", " ", "\ud800", "\udfff"];
const textOf = (alphabet: string[]) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((parts) => parts.join(""));

async function storedFromStaged(texts: string[]): Promise<string[]> {
  const results = await batchStatements(
    db,
    texts.map((text) => sql`SELECT ${storedShortTerms(sql`${stagedShortTermsOf(text)}`)} AS terms`),
  );
  return results.map(([row]) => String(row?.terms));
}

describe("the import's staged short terms", () => {
  it("read back in SQL as the stored terms, whatever the text", async () => {
    const texts = [
      "",
      "Q",
      "U\u0015",
      "e\u0015Q",
      "øyvind ås",
      ...fc.sample(textOf(hostile), { numRuns: 300, seed: 29 }),
    ];
    expect(await storedFromStaged(texts)).toEqual(texts.map(shortTermsOf));
  });

  it("are the terms themselves, led by Q, for a text without Q or those controls", () => {
    expect(stagedShortTermsOf("per")).toBe("QpQpeQeQerQr");
    expect(stagedShortTermsOf("U\u0015")).toBe(` ${shortTermsOf("U\u0015")}`);
    for (const text of fc.sample(textOf(pieces.filter((p) => p !== "Q")), {
      numRuns: 100,
      seed: 29,
    })) {
      expect(stagedShortTermsOf(text).startsWith(" "), text).toBe(false);
    }
  });
});
