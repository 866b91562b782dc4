/**
 * The active column filters in words above the grid ("Type is Library or Café"), each with a button
 * that removes it, and one that removes them all. A filter left from before a column changed type
 * no longer applies and is removed.
 */
import type { GridApi } from "ag-grid-community";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Column, Row } from "../../../shared/dataset/index.ts";
import { describeFilter } from "./describeFilter.ts";
import type { FilterModel } from "./filterModel.ts";
import "./filters.css";

type Props = { api: GridApi<Row> | null; columns: readonly Column[]; locale: string };

export function FilterSummary({ api, columns, locale }: Props) {
  const { t } = useTranslation();
  const [models, setModels] = useState<Record<string, FilterModel>>({});
  useEffect(() => {
    if (!api || api.isDestroyed()) return;
    const update = () => {
      if (!api.isDestroyed()) setModels({ ...(api.getFilterModel() as Record<string, FilterModel>) });
    };
    update();
    api.addEventListener("filterChanged", update);
    return () => {
      if (!api.isDestroyed()) api.removeEventListener("filterChanged", update);
    };
  }, [api]);

  const words = { yes: t("values.yes"), no: t("values.no") };
  const items = columns.flatMap((column) => {
    const sentence = describeFilter(column, models[column.id], t, locale, words);
    return sentence === null ? [] : [{ column, sentence }];
  });

  const stale = Object.keys(models)
    .filter((id) => !items.some((i) => i.column.id === id))
    .join("\n");
  useEffect(() => {
    if (!api || api.isDestroyed() || stale === "") return;
    const ids = stale.split("\n");
    Promise.all(ids.map((id) => api.setColumnFilterModel(id, null))).then(() => api.onFilterChanged());
  }, [api, stale]);

  if (!api || items.length === 0) return null;
  const remove = (columnId: string) => api.setColumnFilterModel(columnId, null).then(() => api.onFilterChanged());
  return (
    <section className="filter-summary" aria-label={t("filters.active")}>
      <ul>
        {items.map(({ column, sentence }) => (
          <li key={column.id}>
            <span>{sentence}</span>
            <button
              type="button"
              aria-label={t("filters.remove", { filter: sentence })}
              title={t("filters.remove", { filter: sentence })}
              onClick={() => remove(column.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {items.length > 1 && (
        <button type="button" className="filter-clear-all" onClick={() => api.setFilterModel(null)}>
          {t("filters.clearAll")}
        </button>
      )}
    </section>
  );
}
