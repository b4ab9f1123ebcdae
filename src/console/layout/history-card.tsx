/** @jsxImportSource hono/jsx */
import type { Child, FC } from "hono/jsx";
import { formatDate } from "../../notifications/templates.ts";
import type { ConsoleLanguage } from "../text.ts";

/** One change as a history shows it: when, what, and who made it, in words. */
export type HistoryRow = { changedAt: string; change: Child; by: string };

/** A record's history (a mentor's status, a supporter's listing), in the order given. */
export const HistoryCard: FC<{
  title: string;
  empty: string;
  labels: { when: string; change: string; by: string };
  rows: readonly HistoryRow[];
  lang: ConsoleLanguage;
}> = ({ title, empty, labels, rows, lang }) => (
  <section class="card" aria-labelledby="history">
    <h2 id="history">{title}</h2>
    {rows.length === 0 ? (
      <p>{empty}</p>
    ) : (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{labels.when}</th>
              <th scope="col">{labels.change}</th>
              <th scope="col">{labels.by}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>{formatDate(row.changedAt, lang)}</td>
                <td>{row.change}</td>
                <td>{row.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
);
