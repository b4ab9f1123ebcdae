import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import type { IdempotentCreate } from "../http/idempotency.ts";
import { withWriteRetries } from "../db/d1-errors.ts";
import { webhookDeliveries, webhookEndpoints, type WebhookEventType } from "../db/schema.ts";
import { DELIVERIES_KEPT } from "../outbox/kept-records.ts";
import { MAX_ENDPOINTS_PER_ORGANIZATION } from "./schemas.ts";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

const inOrganization = (organizationId: number, webhookId: string) =>
  and(
    eq(webhookEndpoints.organizationId, organizationId),
    eq(webhookEndpoints.webhookId, webhookId),
  );

/**
 * Stores the endpoint unless the organization already has the most it may:
 * the count and the insert are one statement, so two requests at once cannot
 * both pass. False when the limit was reached. The id is made before the
 * first try, so a retry whose first try committed finds it and adds nothing.
 */
export async function insertEndpoint(
  db: Database,
  endpoint: EndpointRow,
  idempotent?: IdempotentCreate,
): Promise<boolean> {
  const underLimit = db
    .select({ endpoints: count() })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organizationId, endpoint.organizationId));
  const insert = db
    .insert(webhookEndpoints)
    .select(
      db
        .select({
          webhookId: sql<string>`${endpoint.webhookId}`.as("webhook_id"),
          organizationId: sql<number>`${endpoint.organizationId}`.as("organization_id"),
          url: sql<string>`${endpoint.url}`.as("url"),
          events: sql<WebhookEventType[]>`${JSON.stringify(endpoint.events)}`.as("events"),
          secret: sql<string>`${endpoint.secret}`.as("secret"),
          createdAt: sql<string>`${endpoint.createdAt}`.as("created_at"),
        })
        .from(sql`(SELECT 1)`)
        .where(sql`(${underLimit}) < ${MAX_ENDPOINTS_PER_ORGANIZATION}`),
    )
    .onConflictDoNothing({ target: webhookEndpoints.webhookId });
  // Under an Idempotency-Key, what a retry needs to write this same endpoint again.
  const reservation = idempotent?.reserve(
    sql`json_object('webhook_id', ${endpoint.webhookId}, 'secret', ${endpoint.secret}, 'created_at', ${endpoint.createdAt})`,
  );
  const [, stored] = await withWriteRetries(() =>
    db.batch([
      insert,
      findEndpointQuery(db, endpoint.organizationId, endpoint.webhookId),
      ...(reservation ? [reservation] : []),
    ]),
  );
  return stored.length > 0;
}

function findEndpointQuery(db: Database, organizationId: number, webhookId: string) {
  return db.select().from(webhookEndpoints).where(inOrganization(organizationId, webhookId));
}

/** The organization's endpoint, or undefined. */
export async function findEndpoint(db: Database, organizationId: number, webhookId: string) {
  const [endpoint] = await findEndpointQuery(db, organizationId, webhookId);
  return endpoint;
}

export function listEndpoints(db: Database, organizationId: number) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organizationId, organizationId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.webhookId);
}

/** Deletes the endpoint (its delivery records go with it); false when there is none here. */
export async function deleteEndpoint(db: Database, organizationId: number, webhookId: string) {
  // Idempotent: a second run finds nothing (and answers false).
  const deleted = await withWriteRetries(() =>
    db
      .delete(webhookEndpoints)
      .where(inOrganization(organizationId, webhookId))
      .returning({ webhookId: webhookEndpoints.webhookId }),
  );
  return deleted.length > 0;
}

/** The endpoint's last delivery attempts, newest first; null when there is no such endpoint here. */
export async function listDeliveries(db: Database, organizationId: number, webhookId: string) {
  const [endpoint, deliveries] = await db.batch([
    db
      .select({ webhookId: webhookEndpoints.webhookId })
      .from(webhookEndpoints)
      .where(inOrganization(organizationId, webhookId)),
    // Only the deliveries' own columns: a D1 batch reads rows by column name,
    // and webhook_id would stand twice in a join's.
    db
      .select({
        eventId: webhookDeliveries.eventId,
        eventType: webhookDeliveries.eventType,
        attempt: webhookDeliveries.attempt,
        outcome: webhookDeliveries.outcome,
        responseStatus: webhookDeliveries.responseStatus,
        error: webhookDeliveries.error,
        attemptedAt: webhookDeliveries.attemptedAt,
      })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.webhookId, webhookId),
          // The endpoint's organization, checked in the same statement.
          sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${inOrganization(organizationId, webhookId)})`,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(DELIVERIES_KEPT),
  ]);
  return endpoint.length === 0 ? null : deliveries;
}
