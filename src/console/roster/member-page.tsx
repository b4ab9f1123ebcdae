/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { FC } from "hono/jsx";
import type { AppEnv } from "../../app-env.ts";
import { labelsOf } from "../../hosted-pages/render-list.ts";
import { initialsOf } from "../../hosted-pages/layout.ts";
import type { ManagedMemberRow, listingHistory } from "../../peer-supporters/manage/queries.ts";
import type { HiddenReason } from "../../peer-supporters/public/visibility.ts";
import type { PublicPeerSupporter } from "../../peer-supporters/roster/schemas.ts";
import { ErrorSummary, Notice, RemovalCard, type FieldErrors } from "../layout/document.tsx";
import { organizationChrome, renderPage } from "../layout/render.tsx";
import type { ConsoleText } from "../text.ts";
import { Visibility } from "./list-page.tsx";
import { MemberFields, memberLabels } from "./member-fields.tsx";
import type { MentorChoice } from "./queries.ts";
import { HistoryCard } from "../layout/history-card.tsx";
import { LastChange, whoOfColumns } from "../layout/last-change.tsx";

type History = NonNullable<Awaited<ReturnType<typeof listingHistory>>>;

export type MemberPageProps = {
  row: ManagedMemberRow;
  hiddenReasons: readonly HiddenReason[];
  /** The member as the public projection carries them, whether or not it shows them now. */
  card: PublicPeerSupporter;
  history: History;
  mentors: readonly MentorChoice[];
  /** What the form shows: typed after a failed submit, else as stored. */
  value: (name: string) => string;
  errors?: FieldErrors;
  notice?: string | undefined;
  warning?: string | undefined;
  status?: 200 | 400 | 409;
};

export function memberPage(c: Context<AppEnv>, props: MemberPageProps) {
  const { row, value } = props;
  const text = c.var.text;
  const words = text.roster;
  const errors = props.errors ?? new Map<string, string>();
  const base = `/console/${c.var.membership.organizationPublicId}/roster`;
  const action = `${base}/${String(row.id)}`;
  const name = [row.firstName, row.lastName].filter(Boolean).join(" ");
  const Revision: FC = () => <input type="hidden" name="revision" value={row.revision} />;
  const quick = (field: string, to: string, label: string) => (
    <form class="inline" method="post" action={`${action}/${field}`}>
      <Revision />
      <input type="hidden" name={field} value={to} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
  return renderPage(c, {
    title: name,
    chrome: organizationChrome(c, "roster"),
    status: props.status ?? (errors.size > 0 ? 400 : 200),
    body: (
      <>
        <p>
          <a href={base}>{`← ${words.title}`}</a>
        </p>
        <h1>{name}</h1>
        {props.notice && <Notice message={props.notice} />}
        {props.warning && <Notice warn message={props.warning} />}
        <ErrorSummary text={text} errors={errors} labels={memberLabels(text)} />
        <div class="grid">
          <section class="card" aria-labelledby="actions">
            <h2 id="actions">{words.actions}</h2>
            <p>
              <Visibility text={text} reasons={props.hiddenReasons} />
            </p>
            <div class="toolbar">
              {row.status === "pending" && quick("status", "approved", words.approve)}
              {row.listed
                ? quick("listed", "false", words.hide)
                : quick("listed", "true", words.show)}
            </div>
          </section>
          <section class="card" aria-labelledby="preview">
            <h2 id="preview">{words.preview}</h2>
            {props.hiddenReasons.length > 0 && <p class="muted">{words.previewHidden}</p>}
            <CardPreview text={text} card={props.card} />
          </section>
        </div>
        <section class="card" aria-labelledby="details">
          <h2 id="details">{words.details}</h2>
          <LastChange text={text} by={row.updatedBy} />
          <form method="post" action={action} novalidate>
            <Revision />
            <MemberFields
              text={text}
              errors={errors}
              value={value}
              mentors={props.mentors}
              memberId={row.id}
            />
            <button type="submit">{words.save}</button>
          </form>
        </section>
        <ListingHistory text={text} history={props.history} lang={c.var.language} />
        <RemovalCard
          title={words.remove}
          action={`${action}/remove`}
          revision={row.revision}
          confirmLabel={words.removeConfirm(name)}
          submitLabel={words.removeSubmit}
          error={errors.get("confirm")}
        />
      </>
    ),
  });
}

/**
 * The card the widget and the hosted page draw, from the public projection:
 * initials, name as the public sees it, availability, bio, topics; then the
 * profile's optional fields where the organization shows them.
 */
const CardPreview: FC<{ text: ConsoleText; card: PublicPeerSupporter }> = ({ text, card }) => {
  const words = text.roster;
  const labels = labelsOf(card);
  const also = [
    [words.motivation, card.motivation],
    [words.recovery_status, card.recovery_status],
  ].filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return (
    <div class="preview">
      <div class="preview-card">
        <span class="initials" aria-hidden="true">
          {initialsOf(card.full_name)}
        </span>
        <div>
          <p class="preview-name">{card.full_name}</p>
          {card.available && <p class="muted">{words.available}</p>}
          {card.bio && <p>{card.bio}</p>}
          {labels.length > 0 && (
            <ul class="tags" aria-label={words.topics}>
              {labels.map((label) => (
                <li>{label}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {also.length > 0 && (
        <dl class="facts">
          {also.map(([label, story]) => (
            <>
              <dt>{`${words.previewAlso}: ${label}`}</dt>
              <dd>{story}</dd>
            </>
          ))}
        </dl>
      )}
    </div>
  );
};

const ListingHistory: FC<{
  text: ConsoleText;
  history: History;
  lang: AppEnv["Variables"]["language"];
}> = ({ text, history, lang }) => {
  const words = text.roster;
  const who = (change: History[number]) => {
    // Rows the import wrote before actors were recorded say so by their source.
    const kind = change.actorKind ?? (change.source === "import" ? "import" : null);
    const name = whoOfColumns(text, kind, change.actorName);
    return kind === "console_member" || kind === "api_key"
      ? words.byVia(name, words.door[kind])
      : name;
  };
  return (
    <HistoryCard
      title={words.history}
      empty={words.noHistory}
      labels={words}
      lang={lang}
      rows={history.map((change) => ({
        changedAt: change.changedAt,
        change: change.listed ? words.shown : words.hidden,
        by: who(change),
      }))}
    />
  );
};
