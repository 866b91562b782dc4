/** The dataset's Export menu — a disclosure of download links, one per format (GeoJSON only with coordinates) — and, for editors, the link to update it from a file. */
import { useEffect, useId, useRef } from "react";
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
  const menu = useRef<HTMLDetailsElement>(null);
  // A menu that drops over the page closes as menus do: a click elsewhere, or Escape (back to its button).
  useEffect(() => {
    const away = (event: MouseEvent) => {
      if (menu.current?.open && !menu.current.contains(event.target as Node)) menu.current.open = false;
    };
    document.addEventListener("click", away);
    return () => document.removeEventListener("click", away);
  }, []);
  const close = (refocus: boolean) => {
    if (!menu.current?.open) return;
    menu.current.open = false;
    if (refocus) menu.current.querySelector("summary")?.focus();
  };
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
      <details
        ref={menu}
        className="export-menu"
        onKeyDown={(event) => {
          if (event.key === "Escape") close(true);
        }}
      >
        <summary id={`${id}-summary`}>{t("import.exportMenu")}</summary>
        <ul aria-labelledby={`${id}-summary`}>
          {formats.map(({ key, format, query }) => (
            <li key={key}>
              <a href={exportUrl(datasetId, format, query)} download onClick={() => close(true)}>
                {t(`import.exportAs.${key}` as "import.exportAs.csv")}
              </a>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
