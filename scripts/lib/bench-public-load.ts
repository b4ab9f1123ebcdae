import { load, type Measured } from "./load.ts";

/** Issue 20: the page every visitor of an organization's site loads, held under wide, long load. */
const PUBLIC_LOAD = { connections: 50, seconds: 30 };
// The visitors spread over the first pages: after each page's first read, the edge cache answers.
const PUBLIC_PAGES = 5;

/** The public roster of the big organization at PUBLIC_LOAD, rotating pages and publishable keys. */
export function publicRosterUnderLoad(
  base: string,
  serverPid: number | undefined,
  keys: readonly string[],
): Promise<Measured> {
  let next = 0;
  return load(
    base,
    serverPid,
    {
      name: `v2 public roster, pages 1–${String(PUBLIC_PAGES)}, ${String(PUBLIC_LOAD.connections)} connections for ${String(PUBLIC_LOAD.seconds)} s`,
      read: true,
      requests: [
        {
          method: "GET",
          setupRequest: (request) => {
            const page = (next % PUBLIC_PAGES) + 1;
            const key = keys[next++ % keys.length] ?? "";
            return {
              ...request,
              path: `/api/v2/organizations/1000/peer_supporters?items=12&page=${String(page)}&key=${key}`,
            };
          },
        },
      ],
    },
    PUBLIC_LOAD.seconds,
    PUBLIC_LOAD.connections,
  );
}
