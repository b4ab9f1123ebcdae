import { beforeAll, describe, expect, it } from "vitest";
import { displayName } from "../../src/peer-supporters/roster/serialize.ts";
import {
  DEMO_ORGANIZATION,
  getRoster,
  loadDemoData,
  OTHER_ORGANIZATION,
  tokenFor,
  type RosterBody,
} from "../support/helpers.ts";

let roster: RosterBody["peer_supporters"];
beforeAll(async () => {
  await loadDemoData();
  roster = (await getRoster(5, { items: "100" }, await tokenFor(DEMO_ORGANIZATION)))
    .peer_supporters;
});

const byFirstName = (firstName: string) => roster.find((p) => p.first_name === firstName);

describe("who is listed", () => {
  it("lists only members holding the peer_supporter role", () => {
    expect(byFirstName("Erik")).toBeUndefined(); // admin only
    expect(byFirstName("Kari")).toBeDefined(); // peer_supporter and coordinator
  });

  it("lists pending and approved members with their status", () => {
    expect(byFirstName("Ingrid")?.status).toBe("pending");
    expect(byFirstName("Tomas")?.status).toBe("pending");
    expect(byFirstName("Hanne")?.status).toBe("approved");
  });

  it("shows another organization only its own roster and its own member profile", async () => {
    const other = await getRoster(6, { items: "100" }, await tokenFor(OTHER_ORGANIZATION));
    expect(other.peer_supporters.map((p) => p.full_name)).toEqual([
      "Hanne J.",
      "Øystein B.",
      "Kari N.",
    ]);
    const kari = other.peer_supporters.find((p) => p.first_name === "Kari");
    expect(kari).toMatchObject({ bio: "Kari i Fjellheimen." });
  });
});

describe("independent_peer_supporter", () => {
  it("is null for a closed platform-level profile", () => {
    expect(byFirstName("Nora")).toMatchObject({
      is_independent_peer_supporter: false,
      independent_peer_supporter: null,
    });
  });

  it("is null for an active profile tied to an organization", () => {
    expect(byFirstName("Per")).toMatchObject({
      is_independent_peer_supporter: false,
      independent_peer_supporter: null,
    });
  });

  it("is null for a user with no profile", () => {
    expect(byFirstName("Sindre")).toMatchObject({
      is_independent_peer_supporter: false,
      independent_peer_supporter: null,
    });
  });

  it("has the empty preference defaults when the user has no preference row", () => {
    expect(byFirstName("Liv")).toMatchObject({
      is_independent_peer_supporter: true,
      independent_peer_supporter: {
        about: null,
        rating: 4.6,
        ratings_count: 20,
        preference: {
          peer_support_interests: [],
          availability: false,
          greetings: null,
          motivation: null,
          recovery_status: null,
        },
      },
    });
  });
});

describe("full_name", () => {
  it("is the first name and the last name's initial", () => {
    expect(byFirstName("Øyvind")?.full_name).toBe("Øyvind Å.");
    expect(byFirstName("Bjørn")?.full_name).toBe("Bjørn Æ.");
  });

  it("is the first name alone without a last name", () => {
    expect(byFirstName("Mia")).toMatchObject({ last_name: null, full_name: "Mia" });
    expect(displayName("Mia", "")).toBe("Mia");
  });

  it("takes a whole grapheme, not a UTF-16 unit or a bare code point", () => {
    expect(displayName("Øyvind", "A\u030Asheim")).toBe("Øyvind A\u030A.");
    expect(displayName("Ada", "👩‍👩‍👧Smith")).toBe("Ada 👩‍👩‍👧.");
  });
});
