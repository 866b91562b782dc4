/** What the server read of a file: the reading (changeable), the columns and their types (changeable), the first rows, the problems. */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { ImportPreview, ReadOptions } from "../../../shared/api/imports.ts";
import type { CellError } from "../../../shared/dataset/cellValue.ts";
import type { ColumnType } from "../../../shared/dataset/schema.ts";
import { problemText } from "./problemText.ts";
import { TableSchemaField } from "./TableSchemaField.tsx";

const ENCODINGS = ["utf-8", "windows-1252", "iso-8859-15", "utf-16le", "macintosh"];
const DELIMITERS = [",", ";", "\t", "|"] as const;

type Props = {
  preview: ImportPreview;
  columns: ImportPreview["columns"];
  types: readonly ColumnType[];
  disabled: boolean;
  onRead: (change: ReadOptions) => void;
  onColumn: (index: number, type: ColumnType) => void;
  onName: (index: number, name: string) => void;
};

export function ImportPreviewView({ preview, columns, types, disabled, onRead, onColumn, onName }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const show = (value: unknown) => (value === null ? "" : String(value));
  return (
    <>
      <p>{t("import.summary", { format: preview.format.toUpperCase(), count: preview.rowCount })}</p>
      <div className="import-reading">
        {preview.format === "csv" && (
          <>
            <div className="field">
              <label htmlFor={`${id}-encoding`}>{t("import.encoding")}</label>
              <span className="muted" id={`${id}-encoding-hint`}>
                {t("import.encodingHint")}
              </span>
              <select
                id={`${id}-encoding`}
                aria-describedby={`${id}-encoding-hint`}
                value={preview.encoding ?? "utf-8"}
                disabled={disabled}
                onChange={(event) => onRead({ encoding: event.target.value })}
              >
                {[...new Set([preview.encoding ?? "utf-8", ...ENCODINGS])].map((e) => (
                  <option key={e} value={e}>
                    {t(`import.encodings.${e}` as "import.encodings.utf-8", { defaultValue: e })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-delimiter`}>{t("import.delimiter")}</label>
              <span className="muted" id={`${id}-delimiter-hint`}>
                {t("import.delimiterHint")}
              </span>
              <select
                id={`${id}-delimiter`}
                aria-describedby={`${id}-delimiter-hint`}
                value={preview.delimiter ?? ","}
                disabled={disabled}
                onChange={(event) => onRead({ delimiter: event.target.value as (typeof DELIMITERS)[number] })}
              >
                {DELIMITERS.map((d) => (
                  <option key={d} value={d}>
                    {t(
                      `import.delimiters.${d === "\t" ? "tab" : d === "," ? "comma" : d === ";" ? "semicolon" : "pipe"}`,
                    )}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        {preview.sheets.length > 1 && (
          <div className="field">
            <label htmlFor={`${id}-sheet`}>{t("import.sheet")}</label>
            <select
              id={`${id}-sheet`}
              value={preview.sheet ?? 0}
              disabled={disabled}
              onChange={(event) => onRead({ sheet: Number(event.target.value) })}
            >
              {preview.sheets.map((s) => (
                <option key={s.index} value={s.index}>
                  {s.hidden ? t("import.hiddenSheet", { name: s.name }) : s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <TableSchemaField disabled={disabled} onSchema={(tableSchema) => onRead({ tableSchema })} />
        <div className="field">
          <label className="choice">
            <input
              id={`${id}-header`}
              type="checkbox"
              checked={preview.headerRow !== null}
              disabled={disabled}
              onChange={(event) => onRead({ headerRow: event.target.checked ? 0 : null })}
            />
            <span>{t("import.hasHeader")}</span>
          </label>
        </div>
      </div>

      <section className="import-table" aria-label={t("import.rowsLabel")} style={{ overflowX: "auto" }}>
        <table>
          <thead>
            <tr>
              {columns.map((column, i) => (
                <th key={column.source} scope="col">
                  <input
                    aria-label={t("import.columnName", { index: i + 1 })}
                    value={column.name}
                    disabled={disabled}
                    onChange={(event) => onName(i, event.target.value)}
                  />
                  <select
                    aria-label={t("import.columnType", { name: column.name })}
                    value={column.type}
                    disabled={disabled}
                    onChange={(event) => onColumn(i, event.target.value as ColumnType)}
                  >
                    {types.map((type) => (
                      <option key={type} value={type}>
                        {t(`types.${type}`)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no id yet
              <tr key={r}>
                {columns.map((column) => (
                  <td key={column.source}>{show(row[preview.columns.findIndex((c) => c.source === column.source)])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {(preview.problems.length > 0 || preview.columnProblems.length > 0) && (
        <section aria-label={t("import.problemsTitle")}>
          <h3>{t("import.problemsTitle")}</h3>
          <ul>
            {preview.columnProblems.map((p) => (
              <li key={p.column}>
                {t("import.columnProblem", {
                  count: p.count,
                  column: p.column,
                  examples: p.examples.map((e) => t("import.atLine", { value: e.value, line: e.line })).join(", "),
                  // What the column expects, said as the grid says it of a cell.
                  reason: p.examples[0] ? t(`cellError.${p.examples[0].error as CellError}`) : "",
                })}
              </li>
            ))}
            {preview.problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems are a fixed list
              <li key={i}>{problemText(t, p)}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
