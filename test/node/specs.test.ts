import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as mentorExamples from "../../src/peer-mentors/spec-examples.ts";
import supporterExample from "../../src/peer-supporters/roster/spec-example.json" with { type: "json" };

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** The JSON code blocks of a Markdown file, parsed. */
const jsonBlocks = (markdown: string): unknown[] =>
  [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((match): unknown =>
    JSON.parse(match[1] ?? ""),
  );

describe("the contracts, copied into docs/", () => {
  it("hold the examples the API shows as theirs, verbatim", () => {
    expect(jsonBlocks(read("docs/peer-supporters-api-v2.md"))).toContainEqual(supporterExample);
    const v1 = jsonBlocks(read("docs/peer-mentors-api-v1.md"));
    const verbatim = [
      "listExample",
      "createExample",
      "updateExample",
      "deletedExample",
      "statusChangeExample",
      "statusChangedExample",
      "expiryChangeExample",
      "expiryChangedExample",
    ] as const;
    for (const name of verbatim) expect(v1, name).toContainEqual(mentorExamples[name]);
  });
});
