import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { webhookEventData } from "../../src/outbox/event-data.ts";
import {
  DEMO_ORGANIZATION,
  importInto,
  loadDataset,
  request,
  send,
  tokenFor,
} from "../support/helpers.ts";

/* An import that changes a mentor's status records it as any change is (issue 20 §1). */

const organization = { id: 5, public_id: DEMO_ORGANIZATION.publicId, name: "Example Org" };
const kari = {
  mentor_id: "mentor_imp001",
  org_id: DEMO_ORGANIZATION.publicId,
  full_name: "Kari Import",
  email: "kari.import@frivillig.no",
  certification_expiry_date: "2030-01-01T00:00:00Z",
};
let token: string;

beforeEach(async () => {
  await loadDataset({ organizations: [organization], peer_mentors: [kari] });
  token = await tokenFor(DEMO_ORGANIZATION);
  await send(
    "/api/v1/webhooks",
    "POST",
    { url: "https://example.org/hooks/import", events: ["peer_mentor.status_changed"] },
    token,
  );
});

async function recorded() {
  const history = await request(`/api/v1/peer-mentors/${kari.mentor_id}/status-history`, { token });
  const { results } = await env.DB.prepare(
    "SELECT data, enqueued_at FROM webhook_events WHERE mentor_id = ? AND type = 'peer_mentor.status_changed'",
  )
    .bind(kari.mentor_id)
    .all<{ data: string; enqueued_at: string | null }>();
  return { history: (await history.json<{ data: unknown[] }>()).data, events: results };
}

describe("an import that changes a mentor's status", () => {
  it("writes the history row and the event, once", async () => {
    expect(await recorded()).toEqual({ history: [], events: [] });
    const now = new Date("2026-03-26T10:00:00Z");
    expect(await importInto({ peer_mentors: [{ ...kari, is_paused: true }] }, now)).toMatchObject({
      ok: true,
    });
    const { history, events } = await recorded();
    expect(history).toEqual([
      {
        from_status: "active",
        to_status: "paused",
        reason: null,
        source: "import",
        changed_at: "2026-03-26T10:00:00Z",
        changed_by: { kind: "import", id: null, name: null },
      },
    ]);
    expect(events).toHaveLength(1);
    const data = webhookEventData["peer_mentor.status_changed"].parse(
      JSON.parse(events[0]?.data ?? ""),
    );
    expect(data).toMatchObject({ from_status: "active", to_status: "paused", source: "import" });
    // Waiting for the cron's hand-on: the CLI has no queue.
    expect(events[0]?.enqueued_at).toBeNull();

    // The same file again changes no status, so it records nothing more.
    await importInto({ peer_mentors: [{ ...kari, is_paused: true }] }, now);
    expect((await recorded()).history).toHaveLength(1);
  });

  it("records nothing for a mentor whose status stays", async () => {
    const before = await recorded();
    await importInto({ peer_mentors: [{ ...kari, full_name: "Kari Omdøpt" }] });
    expect(await recorded()).toEqual(before);
  });
});
