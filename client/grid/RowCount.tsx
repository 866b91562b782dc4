/** The number of rows in the dataset, at the end of the toolbar; "3 of 1,800 rows" while a search or filter is on. */
import { useTranslation } from "react-i18next";

export function RowCount({ count, shown }: { count: number; shown: number | null }) {
  const { t } = useTranslation();
  return (
    <span className="row-count" aria-live="polite">
      {shown === null ? t("dataset.rows", { count }) : t("filters.rowsShown", { shown, count })}
    </span>
  );
}
