import type { Database } from "../../db/client.ts";
import { emails } from "../../db/schema.ts";
import { SUBJECTS } from "../../notifications/templates.ts";
import { enqueueEmails } from "../../outbox/channels/email.ts";
import type { EmailData } from "../../outbox/event-data.ts";
import { randomId } from "../../lib/random-id.ts";
import { isoSeconds } from "../../lib/time.ts";
import { DEFAULT_CONSOLE_LANGUAGE } from "../language.ts";
import type { Membership } from "../members/queries.ts";
import type { ConsoleLanguage } from "../text.ts";
import { SIGN_IN_LINK_MINUTES } from "./links.ts";

/**
 * The console's one call into the email outbox: writes the sign-in email
 * (rendered and sent by the queue consumer like every notification, in
 * `chosen` if given, else the organization's) and puts it on the queue;
 * the cron hands it on should the enqueue fail. The row holds the link only
 * until it is sent: the consumer clears `data` then
 * (src/outbox/channels/email.ts).
 */
export async function sendSignInEmail(
  db: Database,
  queue: Queue,
  membership: Pick<
    Membership,
    "organizationId" | "organizationName" | "organizationLanguage" | "email"
  >,
  link: string,
  chosen?: ConsoleLanguage,
) {
  const now = new Date();
  const language = chosen ?? membership.organizationLanguage ?? DEFAULT_CONSOLE_LANGUAGE;
  const data: EmailData<"console_sign_in"> = {
    organization_name: membership.organizationName,
    link,
    valid_minutes: SIGN_IN_LINK_MINUTES,
  };
  const nowIso = isoSeconds(now);
  const emailId = randomId("eml_", 24);
  await db.insert(emails).values({
    emailId,
    organizationId: membership.organizationId,
    kind: "console_sign_in",
    recipients: [membership.email],
    language,
    subject: SUBJECTS.console_sign_in[language],
    data: JSON.stringify(data),
    status: "pending",
    createdAt: nowIso,
    updatedAt: nowIso,
  });
  await enqueueEmails(db, queue, [emailId], now);
}
