// What a client developer writes with openapi-fetch against the generated
// types. It must type-check, and each @ts-expect-error must be an error, so
// types that degrade to strings or `any` fail the test.
import createClient from "openapi-fetch";
import type { paths } from "./api.d.ts";

// The JSON client: the mentor list is documented as CSV too (Accept: text/csv).
const api = createClient<paths, "application/json">({ baseUrl: "http://localhost:8787" });
const ROSTER = "/api/v2/organizations/{organization_id}/peer_supporters";

export async function roster(key: string): Promise<string[]> {
  const { data, error } = await api.GET(ROSTER, {
    params: { path: { organization_id: "5" }, query: { key, q: "øy", page: 2, items: 20 } },
  });
  if (error) throw new Error(error.error);
  const page: number = data.current_page;
  const pages: number = data.total_pages;
  // A secret key reads the spec's PeerSupporter; a publishable key the PublicPeerSupporter.
  const first = data.peer_supporters[0];
  const status: "pending" | "approved" | undefined =
    first && "status" in first ? first.status : undefined;
  void [page, pages, status];
  // @ts-expect-error page is an integer
  await api.GET(ROSTER, { params: { path: { organization_id: "5" }, query: { page: "two" } } });
  // @ts-expect-error items is an integer
  await api.GET(ROSTER, { params: { path: { organization_id: "5" }, query: { items: [1] } } });
  return data.peer_supporters.map((supporter) => supporter.full_name);
}

export async function addSupporter(token: string): Promise<boolean | undefined> {
  const created = await api.POST(ROSTER, {
    headers: { Authorization: `Bearer ${token}` },
    params: { path: { organization_id: "5" } },
    body: { first_name: "Kari", time_zone: "Europe/Oslo", topics: ["Sorg"], listed: false },
  });
  await api.POST(ROSTER, {
    params: { path: { organization_id: "5" } },
    // @ts-expect-error time_zone is required
    body: { first_name: "Kari" },
  });
  return created.data?.visible_publicly;
}

export async function mentors(token: string): Promise<string | undefined> {
  const headers = { Authorization: `Bearer ${token}` };
  const list = await api.GET("/api/v1/peer-mentors", {
    headers,
    params: { query: { status: ["warning", "expired"], limit: 50, page: 1 } },
  });
  const total: number | undefined = list.data?.pagination.total;
  void total;
  // @ts-expect-error status takes the four statuses only
  await api.GET("/api/v1/peer-mentors", { params: { query: { status: ["retired"] } } });

  const created = await api.POST("/api/v1/peer-mentors", {
    headers,
    body: {
      full_name: "Åse Øverland",
      email: "åse@blåbær.no",
      certification_expiry_date: "2027-06-01",
    },
  });
  await api.POST("/api/v1/peer-mentors", {
    // @ts-expect-error full_name is required
    body: { email: "a@b.no", certification_expiry_date: "2027-06-01" },
  });
  if (created.error) return created.error.details?.map((detail) => detail.field).join(", ");

  const id: string = created.data.mentor_id;
  const expiry = await api.PATCH("/api/v1/peer-mentors/{mentor_id}/certification-expiry", {
    headers,
    params: { path: { mentor_id: id } },
    body: { expiry_date: "2028-01-01T00:00:00Z" },
  });
  const days: number | undefined = expiry.data?.days_until_expiry;
  void days;
  const head = await api.HEAD("/api/v1/peer-mentors/{mentor_id}", {
    headers,
    params: { path: { mentor_id: id } },
  });
  return head.response.headers.get("ETag") ?? undefined;
}
