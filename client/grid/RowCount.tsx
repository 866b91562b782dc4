/** The number of rows in the dataset, at the end of the toolbar. */
import { useTranslation } from "react-i18next";

export function RowCount({ count }: { count: number }) {
  const { t } = useTranslation();
  return <span className="row-count">{t("dataset.rows", { count })}</span>;
}
