import { eq } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../db/client.ts";
import { publicRosterSettings } from "../../db/schema.ts";
import { timestampSchema } from "../../http/openapi.ts";
import { isoSeconds } from "../../lib/time.ts";
import type { PublicFields } from "../roster/serialize.ts";

/*
 * An organization's choice of what its public roster carries beyond the
 * always-public fields. Until it saves settings, the defaults below hold:
 * recovery stories (health data, GDPR art. 9) stay off the public page.
 */

export const DEFAULT_PUBLIC_FIELDS: PublicFields = {
  showRecoveryStatus: false,
  showMotivation: true,
};

/** PUT's body: a field left out takes its default, so the body is the whole setting. */
export const publicRosterSettingsBody = z.strictObject({
  show_recovery_status: z.boolean().default(DEFAULT_PUBLIC_FIELDS.showRecoveryStatus),
  show_motivation: z.boolean().default(DEFAULT_PUBLIC_FIELDS.showMotivation),
});

export const publicRosterSettingsSchema = z.strictObject({
  show_recovery_status: z.boolean(),
  show_motivation: z.boolean(),
  updated_at: timestampSchema
    .nullable()
    .meta({ description: "Null until the organization saves settings." }),
});

/** The statement that reads an organization's settings (none saved: no row). */
export function publicFieldsStatement(db: Database, organizationId: number) {
  return db
    .select({
      showRecoveryStatus: publicRosterSettings.showRecoveryStatus,
      showMotivation: publicRosterSettings.showMotivation,
      updatedAt: publicRosterSettings.updatedAt,
    })
    .from(publicRosterSettings)
    .where(eq(publicRosterSettings.organizationId, organizationId));
}

type StoredSettings = PublicFields & { updatedAt: string | null };

export function serializePublicRosterSettings(stored: StoredSettings | undefined) {
  const settings = stored ?? { ...DEFAULT_PUBLIC_FIELDS, updatedAt: null };
  return {
    show_recovery_status: settings.showRecoveryStatus,
    show_motivation: settings.showMotivation,
    updated_at: settings.updatedAt,
  };
}

export async function readPublicRosterSettings(db: Database, organizationId: number) {
  const [stored] = await publicFieldsStatement(db, organizationId);
  return serializePublicRosterSettings(stored);
}

export async function savePublicRosterSettings(
  db: Database,
  organizationId: number,
  body: z.output<typeof publicRosterSettingsBody>,
  now: Date,
) {
  const values = {
    showRecoveryStatus: body.show_recovery_status,
    showMotivation: body.show_motivation,
    updatedAt: isoSeconds(now),
  };
  await db
    .insert(publicRosterSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: publicRosterSettings.organizationId, set: values });
  return serializePublicRosterSettings(values);
}
