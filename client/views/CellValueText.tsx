/** A cell shown read-only, as the grid shows it: text (never HTML), a link for web addresses and emails. */
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { formatCell } from "../../shared/dataset/cellFormat.ts";
import type { CellValue, Column } from "../../shared/dataset/index.ts";

export function useCellText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useCallback(
    (column: Pick<Column, "type">, value: CellValue | undefined) =>
      value === undefined ? "" : formatCell(column, value, language, { yes: t("values.yes"), no: t("values.no") }),
    [t, language],
  );
}

export function CellValueText({ column, text }: { column: Pick<Column, "type">; text: string }) {
  if (column.type === "url" && /^https?:\/\//i.test(text))
    return (
      <a href={text} target="_blank" rel="noopener noreferrer">
        {text}
      </a>
    );
  if (column.type === "email" && /^[^\s@]+@[^\s@]+$/.test(text)) return <a href={`mailto:${text}`}>{text}</a>;
  return <>{text}</>;
}
