// What global-setup.ts hands the browser tests through vitest's provide/inject.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The API and widget: `wrangler dev` on the demo data. */
    apiBase: string;
    /** The demo page and the demo avatars, on another origin than the API. */
    pageBase: string;
    keys: {
      /** Publishable, allowed on the demo page's origin. */
      allowed: string;
      /** Publishable, revoked before the server started. */
      revoked: string;
      /** Publishable, allowed on another website only. */
      otherSite: string;
    };
    /** The demo organization's console admin (scripts/lib/console-members.ts). */
    consoleAdmin: string;
    /** Where console-session.ts keeps the demo admin's shared session (gone with the state directory). */
    consoleSessionFile: string;
  }
}
