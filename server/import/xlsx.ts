/**
 * Excel workbooks (.xlsx) through exceljs, behind this one file. The zip is checked first
 * (zipGuard.ts). Cells keep their types: numbers, booleans, text, and dates as ISO dates (1900 and
 * 1904 date systems; Excel's serials before 1 March 1900 count a day that never was, which exceljs
 * does not, so they are put right here). Formulas give their last computed value, never the
 * formula; an error value (#VALUE!) is kept as its text and reported. A merged range holds its
 * value in its first cell, as Excel's own CSV export does. Hidden sheets are listed, never chosen
 * by default.
 */
import type ExcelJS from "exceljs";
import type { CellValue } from "../../shared/dataset/index.ts";
import { squareUp } from "./csv.ts";
import { detectHeaderRow } from "./headerRow.ts";
import { ImportError } from "./importError.ts";
import { MAX_LISTED_PROBLEMS, type RawTable, type SourceProblem } from "./table.ts";
import { checkZip, defaultZipLimits, isZip, type ZipLimits } from "./zipGuard.ts";

export type SheetInfo = { index: number; name: string; hidden: boolean; rows: number };

export type XlsxOptions = {
  /** Index in `sheets`; by default the first visible sheet that holds data. */
  sheet?: number;
  headerRow?: number | null;
  zipLimits?: ZipLimits;
  /** Rows of one sheet at most. */
  maxRows?: number;
};

export type XlsxTable = RawTable & { sheets: SheetInfo[]; sheet: number; headerRow: number | null };

export async function readXlsx(bytes: Uint8Array, options: XlsxOptions = {}): Promise<XlsxTable> {
  if (bytes.length === 0) throw new ImportError("empty-file", "The file is empty.");
  if (!isZip(bytes))
    throw new ImportError("not-a-workbook", "The file is not an Excel workbook (.xlsx).", { context: "notZip" });
  const entries = checkZip(bytes, options.zipLimits ?? defaultZipLimits);
  if (!entries.includes("xl/workbook.xml")) {
    throw new ImportError(
      "not-a-workbook",
      entries.includes("content.xml")
        ? "This is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV to import it."
        : "The file is a zip archive, not an Excel workbook (.xlsx).",
      { context: entries.includes("content.xml") ? "ods" : "zip" },
    );
  }
  // Loaded on first use: exceljs takes a second to load, which CSV imports and startup need not pay.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new ImportError("not-a-workbook", "The file is not a readable Excel workbook: it is damaged or incomplete.", {
      context: "damaged",
    });
  }
  const date1904 = Boolean((workbook as unknown as { properties?: { date1904?: boolean } }).properties?.date1904);
  const worksheets = workbook.worksheets;
  const sheets: SheetInfo[] = worksheets.map((ws, index) => ({
    index,
    name: ws.name,
    hidden: ws.state !== "visible",
    rows: ws.actualRowCount,
  }));
  if (sheets.length === 0) throw new ImportError("empty-file", "The workbook has no sheets.", { context: "noSheets" });
  const chosen =
    options.sheet ?? (sheets.find((s) => !s.hidden && s.rows > 0) ?? sheets.find((s) => !s.hidden) ?? sheets[0])?.index;
  const worksheet = chosen === undefined ? undefined : worksheets[chosen];
  if (!worksheet)
    throw new ImportError("no-such-sheet", `The workbook has no sheet ${Number(chosen) + 1}.`, {
      sheet: Number(chosen) + 1,
    });
  const maxRows = options.maxRows ?? 1_000_000;
  if (worksheet.actualRowCount > maxRows)
    throw new ImportError("too-many-rows", `The sheet has more than ${maxRows} rows.`, { max: maxRows });

  const problems: SourceProblem[] = [];
  let formulaErrors = 0;
  const rows: CellValue[][] = [];
  const lines: number[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.isMerged && cell.master !== cell) {
        values[col - 1] = null;
        return;
      }
      // A formula's cached result is read from the cell's model (cell.result): exceljs 4.4's
      // cell.value copies it only when truthy, so a FALSE or 0 result came out empty
      // (FormulaValue._copyModel, https://github.com/exceljs/exceljs/issues/2943).
      const value = cellValue(cell.type === Excel.ValueType.Formula ? cell.result : cell.value, date1904);
      if (value.error) {
        if (++formulaErrors <= MAX_LISTED_PROBLEMS)
          problems.push({
            code: "formula-error",
            line: rowNumber,
            params: { cell: cell.address, value: String(value.value) },
            message: `cell ${cell.address} holds the error ${value.value}: kept as text`,
          });
      }
      values[col - 1] = value.value;
    });
    for (let i = 0; i < values.length; i++) values[i] ??= null;
    if (values.every((v) => v === null || v === "")) return;
    rows.push(values);
    lines.push(rowNumber);
  });
  if (rows.length === 0)
    throw new ImportError("empty-file", `The sheet "${worksheet.name}" is empty.`, {
      context: "sheet",
      name: worksheet.name,
    });
  const merges = Object.keys((worksheet as unknown as { _merges?: Record<string, unknown> })._merges ?? {});
  if (merges.length > 0)
    problems.push({
      code: "merged-cells",
      line: null,
      params: { count: merges.length },
      message: `${merges.length} merged range(s): each value is in the range's first cell`,
    });
  const headerRow = options.headerRow === undefined ? detectHeaderRow(rows) : options.headerRow;
  if (headerRow !== null && (headerRow < 0 || headerRow >= rows.length))
    throw new ImportError("bad-header-row", `There is no row ${headerRow + 1} to take the column names from.`, {
      row: headerRow + 1,
    });
  const header = headerRow === null ? [] : (rows[headerRow] as CellValue[]).map((v) => (v === null ? "" : String(v)));
  const table = squareUp(
    header,
    headerRow === null ? rows : rows.slice(headerRow + 1),
    headerRow === null ? lines : lines.slice(headerRow + 1),
    headerRow === null ? null : (lines[headerRow] ?? null),
    problems,
  );
  return { ...table, sheets, sheet: chosen as number, headerRow };
}

type Read = { value: CellValue; error?: boolean };

function cellValue(value: ExcelJS.CellValue, date1904: boolean): Read {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === "number") return { value: Number.isFinite(value) ? value : null };
  if (typeof value === "string" || typeof value === "boolean") return { value };
  if (value instanceof Date) return { value: dateText(value, date1904) };
  if (typeof value === "object") {
    if ("error" in value) return { value: String(value.error), error: true };
    if ("richText" in value) return { value: value.richText.map((part) => part.text).join("") };
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined ? { value: null } : cellValue(result as ExcelJS.CellValue, date1904);
    }
    if ("hyperlink" in value) {
      const text = (value as { text?: unknown }).text;
      return cellValue(
        (typeof text === "string" || typeof text === "object" ? text : value.hyperlink) as never,
        date1904,
      );
    }
  }
  return { value: String(value) };
}

/** 1 March 1900, the first day whose Excel serial is right in exceljs's reading. */
const LOTUS_LEAP_DAY = Date.UTC(1900, 2, 1);

/** A date cell as an ISO date, or an ISO date and time when it has a time of day. */
function dateText(date: Date, date1904: boolean): string {
  let time = date.getTime();
  if (!date1904 && time < LOTUS_LEAP_DAY) time += 86_400_000;
  const iso = new Date(Math.round(time / 1000) * 1000).toISOString();
  const day = iso.slice(0, 10);
  const clock = iso.slice(11, 19);
  if (clock === "00:00:00") return day;
  return `${day} ${clock.endsWith(":00") ? clock.slice(0, 5) : clock}`;
}
