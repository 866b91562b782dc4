/** The dataset's rows as cards, live: titled by the column that names rows best, then the filled cells. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DatasetView } from "../../shared/dataset/index.ts";
import { titleFirst } from "../../shared/embedMapData.ts";
import { CellValueText, useCellText } from "./CellValueText.tsx";
import { useLiveRows } from "./useLiveRows.ts";

const PAGE = 100;

export function CardsView({ view }: { view: DatasetView }) {
  const { t } = useTranslation();
  const { rows, columns } = useLiveRows(view);
  const [limit, setLimit] = useState(PAGE);
  const cellText = useCellText();
  if (rows.length === 0) return <p className="view-empty">{t("share.cards.empty")}</p>;
  const [title, ...rest] = titleFirst([...columns], rows.slice(0, 50));
  const shown = rows.slice(0, limit);
  return (
    <section className="cards-view" aria-label={t("share.cards.label")}>
      <ul className="cards-list">
        {shown.map((row) => (
          <li key={row.id} className="row-card">
            <h2>{title ? cellText(title, row.cells[title.id]) : ""}</h2>
            <dl>
              {rest.map((column) => {
                const text = cellText(column, row.cells[column.id]);
                if (text === "") return null;
                return (
                  <div key={column.id}>
                    <dt>{column.name}</dt>
                    <dd>
                      <CellValueText column={column} text={text} />
                    </dd>
                  </div>
                );
              })}
            </dl>
          </li>
        ))}
      </ul>
      {rows.length > shown.length && (
        <p className="cards-more">
          <span className="muted">{t("share.cards.shown", { shown: shown.length, total: rows.length })}</span>{" "}
          <button type="button" onClick={() => setLimit(limit + PAGE)}>
            {t("share.cards.more")}
          </button>
        </p>
      )}
    </section>
  );
}
