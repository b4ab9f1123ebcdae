import { eq, sql, type Placeholder } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../db/client.ts";
import { bind, statementBuilder, value } from "../../db/prebuilt.ts";
import { publicRosterSettings, type StatusChangeActor } from "../../db/schema.ts";
import { timestampSchema } from "../../http/timestamp-schema.ts";
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

const MAX_CONTACT_URL_LENGTH = 500;
const MEMBER_ID_PLACEHOLDER = "{id}";

/** A contact URL template with `member_id` in place of `{id}`. */
export function contactUrlOf(template: string, memberId: number): string {
  return template.replaceAll(MEMBER_ID_PLACEHOLDER, encodeURIComponent(String(memberId)));
}

const contactUrlSchema = z
  .string()
  .trim()
  .max(MAX_CONTACT_URL_LENGTH)
  .refine((template) => /^https?:$/.test(URL.parse(contactUrlOf(template, 1))?.protocol ?? ""), {
    message: "must be an http(s) URL; {id} stands for the peer supporter's id",
  })
  .nullable()
  .meta({
    description:
      "Where a hosted profile page's contact link goes (`https://www.example.org/kontakt?likeperson={id}`): `{id}` is replaced by the peer supporter's id. Null: no contact link.",
  });

/** PUT's body: a field left out takes its default, so the body is the whole setting. */
export const publicRosterSettingsBody = z.strictObject({
  show_recovery_status: z.boolean().default(DEFAULT_PUBLIC_FIELDS.showRecoveryStatus),
  show_motivation: z.boolean().default(DEFAULT_PUBLIC_FIELDS.showMotivation),
  contact_url: contactUrlSchema.default(null),
});

export const publicRosterSettingsSchema = z.strictObject({
  show_recovery_status: z.boolean(),
  show_motivation: z.boolean(),
  contact_url: contactUrlSchema,
  updated_at: timestampSchema
    .nullable()
    .meta({ description: "Null until the organization saves settings." }),
});

/** The statement that reads an organization's settings (none saved: no row). */
export function publicFieldsStatement(db: Database, organizationId: number | Placeholder) {
  return db
    .select({
      showRecoveryStatus: publicRosterSettings.showRecoveryStatus,
      showMotivation: publicRosterSettings.showMotivation,
      contactUrl: publicRosterSettings.contactUrl,
      updatedAt: publicRosterSettings.updatedAt,
    })
    .from(publicRosterSettings)
    .where(eq(publicRosterSettings.organizationId, organizationId));
}

const publicFieldsPrebuilt = publicFieldsStatement(
  statementBuilder,
  value("organizationId"),
).prepare();

/** publicFieldsStatement, built once per isolate, for a batch of prebuilt statements. */
export function boundPublicFields(organizationId: number) {
  return bind(publicFieldsPrebuilt, { organizationId });
}

type StoredSettings = PublicFields & { contactUrl: string | null; updatedAt: string | null };

export function serializePublicRosterSettings(stored: StoredSettings | undefined) {
  const settings = stored ?? { ...DEFAULT_PUBLIC_FIELDS, contactUrl: null, updatedAt: null };
  return {
    show_recovery_status: settings.showRecoveryStatus,
    show_motivation: settings.showMotivation,
    contact_url: settings.contactUrl,
    updated_at: settings.updatedAt,
  };
}

export async function readPublicRosterSettings(db: Database, organizationId: number) {
  const [stored] = await publicFieldsStatement(db, organizationId);
  return serializePublicRosterSettings(stored);
}

/**
 * The console's view of the settings' saves: their revision (0 before any
 * save) and who saved them last (null before any save).
 */
export async function publicRosterSettingsSaves(db: Database, organizationId: number) {
  const [row] = await db
    .select({ revision: publicRosterSettings.revision, updatedBy: publicRosterSettings.updatedBy })
    .from(publicRosterSettings)
    .where(eq(publicRosterSettings.organizationId, organizationId));
  return row ?? { revision: 0, updatedBy: null };
}

/**
 * Saves the organization's settings as `updatedBy`. With `expectedRevision`
 * (the console's form: the revision it showed, 0 before any save), only over
 * that very version: null when someone saved in between, and nothing was
 * written.
 */
export async function savePublicRosterSettings(
  db: Database,
  organizationId: number,
  body: z.output<typeof publicRosterSettingsBody>,
  { now, updatedBy }: { now: Date; updatedBy: StatusChangeActor },
  expectedRevision?: number,
) {
  const values = {
    showRecoveryStatus: body.show_recovery_status,
    showMotivation: body.show_motivation,
    contactUrl: body.contact_url,
    updatedAt: isoSeconds(now),
  };
  const saved = await db
    .insert(publicRosterSettings)
    .values({ organizationId, ...values, updatedBy })
    .onConflictDoUpdate({
      target: publicRosterSettings.organizationId,
      set: { ...values, updatedBy, revision: sql`${publicRosterSettings.revision} + 1` },
      setWhere:
        expectedRevision === undefined
          ? undefined
          : eq(publicRosterSettings.revision, expectedRevision),
    })
    .returning({ organizationId: publicRosterSettings.organizationId });
  return saved.length > 0 ? serializePublicRosterSettings(values) : null;
}
