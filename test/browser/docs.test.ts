import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";

/*
 * /docs as a reader meets it, on a machine that reaches nothing but this
 * Worker: the reference must render from the Worker's own origin alone.
 */
const apiBase = inject("apiBase");

type Operation = { summary?: string };
type OpenApiDocument = {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation | string>>;
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe("the API reference page", () => {
  it(
    "renders every operation of /openapi.json, requesting nothing from another origin",
    { timeout: 60_000 },
    async () => {
      const document = (await (await fetch(`${apiBase}/openapi.json`)).json()) as OpenApiDocument;
      // A path item's string fields (its description) are not operations.
      const summaries = Object.values(document.paths).flatMap((item) =>
        Object.values(item).flatMap((operation) =>
          typeof operation === "string" ? [] : [operation.summary ?? ""],
        ),
      );
      expect(summaries.length).toBeGreaterThanOrEqual(10);
      expect(summaries).not.toContain("");

      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const requested: string[] = [];
      const policyViolations: string[] = [];
      page.on("request", (request) => {
        if (/^https?:/.test(request.url())) requested.push(request.url());
      });
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
      });
      const response = await page.goto(`${apiBase}/docs`);
      expect(response?.status()).toBe(200);

      // Scalar lists each operation by its summary in the sidebar (every tag open).
      const visibleText = () => page.evaluate(() => window.document.body.innerText);
      await expect
        .poll(visibleText, { timeout: 30_000 })
        .toContain(summaries[summaries.length - 1]);
      const text = await visibleText();
      for (const summary of summaries) expect(text, summary).toContain(summary);
      // A reader without a key learns where one comes from.
      expect(text).toContain("Getting a key");
      expect(text).toContain("npm run -s token -- create --org ID --remote");

      const foreign = requested.filter((url) => new URL(url).origin !== new URL(apiBase).origin);
      expect(foreign).toEqual([]);
      expect(requested).toContain(`${apiBase}/docs-assets/api-reference.js`);
      expect(policyViolations).toEqual([]);
      await page.close();
    },
  );

  it("is served under a Content-Security-Policy that allows only its own origin", async () => {
    const first = await fetch(`${apiBase}/docs`);
    const policy = first.headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'/);
    expect(policy).not.toMatch(/https?:|\*|unsafe-eval/);
    // Inline styles are allowed (Scalar needs them); inline scripts need the nonce.
    expect(/script-src [^;]*/.exec(policy)?.[0]).not.toContain("unsafe-inline");
    const html = await first.text();
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(html).toContain(`nonce="${nonce ?? "?"}"`);
    // A fresh nonce each time, or it would be no better than 'unsafe-inline'.
    const second = await fetch(`${apiBase}/docs`);
    expect(second.headers.get("Content-Security-Policy")).not.toBe(policy);
  });

  it(
    "opens a Test Request with no optional query parameter set, so a first try filters nothing",
    { timeout: 60_000 },
    async () => {
      const document = (await (await fetch(`${apiBase}/openapi.json`)).json()) as OpenApiDocument;
      const [server] = document.servers;
      // The client sends to the document's first server, which this page's CSP would refuse: answer it here.
      const page = await browser.newPage({
        viewport: { width: 1400, height: 1000 },
        bypassCSP: true,
      });
      const sent: string[] = [];
      await page.route(`${server?.url ?? "?"}/**`, async (route) => {
        sent.push(route.request().url());
        await route.fulfill({ status: 200, contentType: "application/json", body: "{}" });
      });
      await page.goto(`${apiBase}/docs`);
      for (const [summary, path, organizationId] of [
        [
          "List the organization's peer supporters",
          "/api/v2/organizations/{organization_id}/peer_supporters",
          "5",
        ],
        ["List the organization's peer mentors", "/api/v1/peer-mentors", undefined],
      ] as const) {
        await page.getByText(summary, { exact: true }).first().click({ timeout: 30_000 });
        await page.getByRole("button", { name: `Test Request (get ${path})`, exact: true }).click();
        if (organizationId !== undefined) {
          await page
            .locator("tr#organization_id [contenteditable][data-placeholder=Value]")
            .fill(organizationId);
        }
        await page.getByRole("button", { name: /^Send/ }).first().click();
        const expected = `${server?.url ?? "?"}${path.replace("{organization_id}", organizationId ?? "")}`;
        await expect.poll(() => sent.at(-1)).toBe(expected);
        await page.keyboard.press("Escape");
      }
      await page.close();
    },
  );
});
