/** @jsxImportSource hono/jsx */
import type { FC } from "hono/jsx";
import type { MentorStatus } from "../../db/schema.ts";
import type { ConsoleText } from "../text.ts";

/** A status in words, with its colour: the word carries the meaning, not the colour. */
export const StatusBadge: FC<{ text: ConsoleText; status: MentorStatus }> = ({ text, status }) => (
  <span class={`badge ${status}`}>{text.statuses[status]}</span>
);
