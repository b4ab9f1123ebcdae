// The emails the local send_email binding kept under `wrangler dev` (Miniflare's explorer API):
// how the browser tests and the screenshots read a console sign-in link, as a person would.

type SentEmail = { messageId: string; to: string[] };

async function explorer<T>(apiBase: string, query = ""): Promise<T> {
  const response = await fetch(`${apiBase}/cdn-cgi/explorer/api/local/email/sending${query}`);
  const body: unknown = await response.json();
  return (body as { result: T }).result;
}

const SIGN_IN_LINK = /https?:\/\/\S+\/console\/sign-in\/link\/[A-Za-z0-9_-]{43}/;

/** The ids of every email sent so far: what a later `nextSignInLink` skips. */
export async function sentEmailIds(apiBase: string): Promise<Set<string>> {
  return new Set((await explorer<SentEmail[]>(apiBase)).map((email) => email.messageId));
}

/** The sign-in link of the first email to `address` not in `seen` (added to it), within 20 s. */
export async function nextSignInLink(apiBase: string, address: string, seen: Set<string>) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const fresh = (await explorer<SentEmail[]>(apiBase)).find(
      (email) => email.to.includes(address) && !seen.has(email.messageId),
    );
    if (fresh) {
      seen.add(fresh.messageId);
      const query = `?email_id=${encodeURIComponent(fresh.messageId)}&worker=peer-roster`;
      const detail = await explorer<{ text?: string }>(apiBase, query);
      const link = SIGN_IN_LINK.exec(detail.text ?? "")?.[0];
      if (link) return link;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No sign-in email reached ${address} within 20 s.`);
}
