/** @jsxImportSource hono/jsx */
import type { FC } from "hono/jsx";
import { Field, type FieldErrors } from "../layout/document.tsx";
import type { ConsoleText } from "../text.ts";
import { TEXT_FIELDS, timeZoneChoices } from "./form.ts";
import type { MentorChoice } from "./queries.ts";

/** A field's error beside it, described for assistive technology. */
const described = (name: string, errors: FieldErrors, hint?: boolean) =>
  [hint && `${name}-hint`, errors.has(name) && `${name}-error`].filter(Boolean).join(" ") ||
  undefined;

const FieldError: FC<{ name: string; errors: FieldErrors }> = ({ name, errors }) =>
  errors.has(name) ? (
    <p class="field-error" id={`${name}-error`}>
      {errors.get(name)}
    </p>
  ) : null;

const TextArea: FC<{
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
}> = ({ name, label, value, errors, hint }) => (
  <div class="field">
    <label for={name}>{label}</label>
    {hint && (
      <p class="hint" id={`${name}-hint`}>
        {hint}
      </p>
    )}
    <FieldError name={name} errors={errors} />
    <textarea
      id={name}
      name={name}
      aria-invalid={errors.has(name) ? "true" : undefined}
      aria-describedby={described(name, errors, Boolean(hint))}
    >
      {value}
    </textarea>
  </div>
);

/** Field name to the words of its label, for the error summary. */
export const memberLabels = (text: ConsoleText) => {
  const words = text.roster;
  return {
    first_name: words.first_name,
    last_name: words.last_name,
    time_zone: words.time_zone,
    bio: words.bio,
    motivation: words.motivation,
    recovery_status: words.recovery_status,
    topics: words.topics,
    status: words.status,
    listed: words.listedLabel,
    mentor_id: words.mentor_id,
    confirm: words.remove,
  };
};

/**
 * Every field of a supporter with the API's names: a new one's form and a
 * member page's. `value` is what the form shows (typed, or as stored).
 */
export const MemberFields: FC<{
  text: ConsoleText;
  errors: FieldErrors;
  value: (name: string) => string;
  mentors: readonly MentorChoice[];
  memberId?: number;
}> = ({ text, errors, value, mentors, memberId }) => {
  const words = text.roster;
  const zone = value("time_zone") || "Europe/Oslo";
  return (
    <>
      <Field
        name="first_name"
        label={words.first_name}
        value={value("first_name")}
        error={errors.get("first_name")}
        autocomplete="off"
        required
      />
      <Field
        name="last_name"
        label={words.last_name}
        value={value("last_name")}
        error={errors.get("last_name")}
        autocomplete="off"
      />
      <div class="field">
        <label for="time_zone">{words.time_zone}</label>
        <FieldError name="time_zone" errors={errors} />
        <select id="time_zone" name="time_zone" aria-describedby={described("time_zone", errors)}>
          {timeZoneChoices(zone).map((choice) => (
            <option value={choice} selected={choice === zone}>
              {choice}
            </option>
          ))}
        </select>
      </div>
      {TEXT_FIELDS.map((name) => (
        <TextArea name={name} label={words[name]} value={value(name)} errors={errors} />
      ))}
      <TextArea
        name="topics"
        label={words.topics}
        hint={words.topicsHint}
        value={value("topics")}
        errors={errors}
      />
      <div class="field">
        <label for="status">{words.status}</label>
        <FieldError name="status" errors={errors} />
        <select id="status" name="status" aria-describedby={described("status", errors)}>
          {(["pending", "approved"] as const).map((status) => (
            <option value={status} selected={value("status") === status}>
              {words.statuses[status]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label class="check" for="listed">
          <input
            type="checkbox"
            id="listed"
            name="listed"
            value="on"
            checked={value("listed") === "on"}
          />
          {words.listedLabel}
        </label>
      </div>
      <div class="field">
        <label for="mentor_id">{words.mentor_id}</label>
        <p class="hint" id="mentor_id-hint">
          {words.mentorHint}
        </p>
        <FieldError name="mentor_id" errors={errors} />
        <select
          id="mentor_id"
          name="mentor_id"
          aria-invalid={errors.has("mentor_id") ? "true" : undefined}
          aria-describedby={described("mentor_id", errors, true)}
        >
          <option value="">{words.noMentor}</option>
          {mentors
            .filter((mentor) => mentor.linkedTo === null || mentor.linkedTo === memberId)
            .map((mentor) => (
              <option value={mentor.mentorId} selected={value("mentor_id") === mentor.mentorId}>
                {`${mentor.fullName} (${text.statuses[mentor.status]})`}
              </option>
            ))}
        </select>
      </div>
    </>
  );
};
