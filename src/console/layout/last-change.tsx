/** @jsxImportSource hono/jsx */
import type { FC } from "hono/jsx";
import type { StatusChangeActor } from "../../db/schema.ts";
import type { ConsoleText } from "../text.ts";

/** Who made a change, in words: a member's name, a key's label, the hourly job, the import. */
export const whoChanged = (text: ConsoleText, by: StatusChangeActor) =>
  "name" in by ? text.mentor.actor[by.kind](by.name) : text.mentor.actor[by.kind];

/**
 * "Last changed by …" under a record's or a setting's form: who made the
 * change whose result the form shows (nothing for one saved before this was kept).
 */
export const LastChange: FC<{ text: ConsoleText; by: StatusChangeActor | null }> = ({
  text,
  by,
}) => (by ? <p class="hint">{text.lastChangeBy(whoChanged(text, by))}</p> : null);
