/** The dataset's Export menu — a disclosure of download links, one per format (GeoJSON only with coordinates) — and, for editors, the link to update it from a file. */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ExportFormat } from "../../shared/api/exports.ts";
import type { Column } from "../../shared/dataset/schema.ts";
import { exportUrl } from "../importUpload.ts";

type Props = {
  datasetId: string;
  columns: readonly Pick<Column, "type">[];
  /** Whether to offer updating the dataset from a new version of its file (editors). */
  canUpdate?: boolean;
};

export function ExportMenu({ datasetId, columns, canUpdate = false }: Props) {
  const { t } = useTranslation();
  const hasCoordinates = columns.some((c) => c.type === "latitude") && columns.some((c) => c.type === "longitude");
  const id = useId();
  const formats: { key: string; format: ExportFormat; query?: Record<string, string> }[] = [
    { key: "csv", format: "csv" },
    { key: "csvMachine", format: "csv", query: { bom: "false", formulas: "keep" } },
    { key: "xlsx", format: "xlsx" },
    { key: "json", format: "json" },
    ...(hasCoordinates ? [{ key: "geojson", format: "geojson" as const }] : []),
    { key: "datapackage", format: "datapackage" },
  ];
  return (
    <>
      {canUpdate && <Link to={`/datasets/${datasetId}/update`}>{t("import.updateLink")}</Link>}
      <details className="export-menu">
        <summary id={`${id}-summary`}>{t("import.exportMenu")}</summary>
        <ul aria-labelledby={`${id}-summary`}>
          {formats.map(({ key, format, query }) => (
            <li key={key}>
              <a href={exportUrl(datasetId, format, query)} download>
                {t(`import.exportAs.${key}` as "import.exportAs.csv")}
              </a>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
