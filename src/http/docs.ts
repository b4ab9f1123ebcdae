import { Scalar } from "@scalar/hono-api-reference";
import { NONCE, secureHeaders, type SecureHeadersVariables } from "hono/secure-headers";

/**
 * Scalar's browser bundle, copied from the installed @scalar/api-reference
 * into public/ by scripts/build-assets.ts, so /docs loads nothing from a
 * third party (no visitor's IP address goes to a CDN).
 */
export const API_REFERENCE_SCRIPT = "/docs-assets/api-reference.js";

/**
 * Only this origin. Scripts: the bundle and the page's one inline script,
 * which carries a fresh nonce per response. Styles may be inline: Scalar
 * sets style attributes and adds <style> elements without a nonce, and a
 * nonce in style-src would switch 'unsafe-inline' off.
 */
export const docsSecurityHeaders = secureHeaders({
  crossOriginResourcePolicy: "same-origin",
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'", NONCE],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** GET /docs: the interactive reference for /openapi.json, after docsSecurityHeaders set the nonce. */
export const apiReference = Scalar<{ Variables: SecureHeadersVariables }>((c) => ({
  url: "/openapi.json",
  pageTitle: "peer-roster API",
  cdn: API_REFERENCE_SCRIPT,
  nonce: c.get("secureHeadersNonce"),
  // Every operation in the sidebar at once: the API is small.
  defaultOpenAllTags: true,
  // Scalar's defaults reach out to its own servers (fonts, telemetry, its AI
  // agent, MCP) or link to its hosted tools: none of that here.
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
}));
