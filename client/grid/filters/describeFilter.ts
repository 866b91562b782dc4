/**
 * An active filter in words, as the summary above the grid shows it: "Opening date from 1 May 2020
 * to 31 May 2020", "Type is Library or Café". Values read as the grid shows them, in the reader's
 * locale; alternatives are joined by the locale's own "or" (Intl.ListFormat).
 */
import type { TFunction } from "i18next";
import { formatCell, type Words } from "../../../shared/dataset/cellFormat.ts";
import type { Column, ColumnType } from "../../../shared/dataset/index.ts";
import { choiceLabel } from "./choiceLabel.ts";
import { canBeInvalid, type FilterModel, fitsColumn, hasCondition } from "./filterModel.ts";

/** The column types whose cells may hold values that do not fit (every type but text). */
export type CheckedType = Exclude<ColumnType, "text">;

export function describeFilter(
  column: Pick<Column, "name" | "type" | "choices">,
  model: FilterModel | null | undefined,
  t: TFunction,
  locale: string,
  words: Words,
): string | null {
  if (!fitsColumn(column, model)) return null;
  const or = (items: string[]) => new Intl.ListFormat(locale, { type: "disjunction" }).format(items);
  const show = (value: string | number) => formatCell(column, value, locale, words);
  const parts: string[] = [];
  if (model.kind === "choices") {
    // "is Library, Café or empty": the empty cells are one more value of the list.
    const values = model.values.map((key) => choiceLabel(column, key, words));
    if (model.empty) values.push(t("filters.emptyValue"));
    if (values.length) parts.push(t("filters.is", { values: or(values) }));
  } else {
    if (hasCondition(model)) parts.push(condition(model, t, show));
    if (model.empty) parts.push(t("filters.isEmpty"));
  }
  if (model.invalid && canBeInvalid(column)) parts.push(t(`filters.isInvalid.${column.type as CheckedType}`));
  return t("filters.sentence", { column: column.name, condition: or(parts) });
}

function condition(model: FilterModel, t: TFunction, show: (value: string | number) => string): string {
  switch (model.kind) {
    case "dateRange": {
      const { from, to } = model;
      if (from !== null && to !== null) return t("filters.dateBetween", { from: show(from), to: show(to) });
      return from !== null
        ? t("filters.dateFrom", { from: show(from) })
        : t("filters.dateUntil", { to: show(to ?? "") });
    }
    case "numberRange": {
      const { min, max } = model;
      if (min !== null && max !== null) return t("filters.numberBetween", { min: show(min), max: show(max) });
      return min !== null ? t("filters.atLeast", { min: show(min) }) : t("filters.atMost", { max: show(max ?? 0) });
    }
    case "text":
      return t("filters.containsText", { text: model.contains.trim() });
    case "choices":
      return "";
  }
}
