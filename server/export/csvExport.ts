/**
 * CSV exports, streamed in slices: UTF-8, an optional byte-order mark (Excel then reads UTF-8 as
 * UTF-8), the delimiter of choice, CRLF line ends, fields quoted when they need it (RFC 4180). Text that a
 * spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab, CR or LF, whatever
 * follows on later lines (OWASP "CSV Injection") — is neutralised with a leading `'`, unless
 * `formulas: "keep"` (for machine consumers). Numbers stay numbers: a negative number is not text.
 * The import removes that `'` again (csv.ts), so an export reads back as it was.
 */
import type { CellValue } from "../../shared/dataset/index.ts";
import { CHUNK_ROWS, type ExportTable } from "./table.ts";

export type CsvExportOptions = { delimiter?: "," | ";" | "\t" | "|"; bom?: boolean; formulas?: "neutralise" | "keep" };

const FORMULA_START = /^[=+\-@\t\r\n]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const text = (value: CellValue, neutralise: boolean): string => {
  if (value === null) return "";
  if (typeof value === "string") return neutralise ? neutraliseFormula(value) : value;
  return String(value);
};

/** One field as CSV writes it: quoted (quotes doubled) when it holds the delimiter, a quote or a line break. */
function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function* csvChunks(table: ExportTable, options: CsvExportOptions = {}): Generator<string> {
  const delimiter = options.delimiter ?? ",";
  const neutralise = (options.formulas ?? "neutralise") === "neutralise";
  const line = (values: string[]) => values.map((v) => field(v, delimiter)).join(delimiter);
  yield `${options.bom ? "\ufeff" : ""}${line(table.columns.map((c) => text(c.name, neutralise)))}\r\n`;
  const ids = table.columns.map((c) => c.id);
  for (let start = 0; start < table.rows.length; start += CHUNK_ROWS) {
    let chunk = "";
    for (const row of table.rows.slice(start, start + CHUNK_ROWS)) {
      chunk += `${line(ids.map((id) => text(row.cells[id] ?? null, neutralise)))}\r\n`;
    }
    yield chunk;
  }
}
