/** @jsxImportSource hono/jsx */
import type { FC } from "hono/jsx";
import type { StatusChangeActor, StatusChangeActorKind } from "../../db/schema.ts";
import type { ConsoleText } from "../text.ts";

/**
 * Who made a change, in words, from a history row's actor columns: a
 * member's name, a key's label, the hourly job, the import; no kind (a change
 * recorded before actors were) is "unknown".
 */
export function whoOfColumns(
  text: ConsoleText,
  kind: StatusChangeActorKind | null,
  name: string | null,
): string {
  const words = text.mentor.actor;
  if (kind === null) return words.unknown;
  return kind === "import" || kind === "hourly_job" ? words[kind] : words[kind](name);
}

/** Who made a change, in words, from a record's `updated_by`. */
export const whoChanged = (text: ConsoleText, by: StatusChangeActor) =>
  whoOfColumns(text, by.kind, "name" in by ? by.name : null);

/**
 * "Last changed by …" under a record's or a setting's form: who made the
 * change whose result the form shows (nothing for one saved before this was kept).
 */
export const LastChange: FC<{ text: ConsoleText; by: StatusChangeActor | null }> = ({
  text,
  by,
}) => (by ? <p class="hint">{text.lastChangeBy(whoChanged(text, by))}</p> : null);
