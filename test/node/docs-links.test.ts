import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const DOCS = join(ROOT, "docs");

/** README.md and every Markdown file under docs/, as absolute paths. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith(".md") ? [path] : [];
    });
  return [join(ROOT, "README.md"), ...walk(DOCS)];
}

/** The text outside fenced code blocks: a link or heading inside one is an example. */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, "");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");

/** Every anchor a file's headings give, with GitHub's -1, -2 for a repeated one. */
function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of prose(readFileSync(path, "utf8")).matchAll(/^#{1,6} +(.+)$/gm)) {
    const base = slug(heading ?? "");
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${String(count)}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/** The relative links (and images) of a file: target path, and anchor when there is one. */
function relativeLinks(path: string): { target: string; anchor: string | undefined }[] {
  return [...prose(readFileSync(path, "utf8")).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)]
    .map((match) => match[1] ?? "")
    .filter((href) => !/^[a-z][a-z+.-]*:/i.test(href))
    .map((href) => {
      const [target = "", anchor] = href.split("#");
      return { target: target === "" ? path : join(dirname(path), target), anchor };
    });
}

/** The folders of repository paths the guides name in backticks, as in `src/app.ts`. */
const REPOSITORY_PATH = /`((?:src|test|scripts|migrations|docs|data|public)\/[^`\s]*)`/g;

/** Path prefixes .gitignore names: built files (`public/embed/…`), there only after a build. */
const builtPrefixes = (): string[] =>
  readFileSync(join(ROOT, ".gitignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#") && !line.includes("*"));

/** The backticked repository paths of a file's prose; a pattern such as `src/<surface>/` is no path. */
const repositoryPaths = (path: string): string[] =>
  [...prose(readFileSync(path, "utf8")).matchAll(REPOSITORY_PATH)]
    .map((match) => match[1] ?? "")
    .filter((named) => !/[<>*{}…]/.test(named));

describe("the README and the guides in docs/", () => {
  const files = markdownFiles();

  it("link to files that exist inside the repository, and to headings those files have", () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const { target, anchor } of relativeLinks(file)) {
        const where = `${relative(ROOT, file)} → ${relative(ROOT, target)}${anchor ? `#${anchor}` : ""}`;
        if (relative(ROOT, target).startsWith("..")) broken.push(`${where} (outside)`);
        else if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (anchor && target.endsWith(".md") && !anchorsOf(target).has(anchor))
          broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("name in backticks only repository paths that exist", () => {
    const built = builtPrefixes();
    const missing = files.flatMap((file) =>
      repositoryPaths(file)
        .filter((named) => !built.some((prefix) => named.startsWith(prefix)))
        .filter((named) => !existsSync(join(ROOT, named)))
        .map((named) => `${relative(ROOT, file)} → ${named}`),
    );
    expect(missing).toEqual([]);
  });

  it("are reachable: the README links the contracts and every guide", () => {
    const fromReadme = new Set(
      relativeLinks(join(ROOT, "README.md")).map(({ target }) => relative(ROOT, target)),
    );
    expect(fromReadme).toContain("docs/peer-supporters-api-v2.md");
    expect(fromReadme).toContain("docs/peer-mentors-api-v1.md");
    const guides = readdirSync(DOCS).filter((name) => name.endsWith(".md"));
    for (const guide of guides) expect(fromReadme, guide).toContain(`docs/${guide}`);
  });

  it("read GitHub's anchors as GitHub makes them", () => {
    expect(slug("Hosted pages: without JavaScript, and for search engines")).toBe(
      "hosted-pages-without-javascript-and-for-search-engines",
    );
    expect(slug("Managing the roster (secret keys)")).toBe("managing-the-roster-secret-keys");
    expect(slug("`Idempotency-Key` og æ, ø, å")).toBe("idempotency-key-og-æ-ø-å");
  });
});
