/**
 * XLSX exports through exceljs's streaming writer (rows are written and flushed as they go):
 * typed cells (numbers, booleans, dates as dates; text always as text, never as a formula), the
 * header row frozen and bold, column widths from the header and the first rows.
 */
import { PassThrough, type Readable } from "node:stream";
import type ExcelJS from "exceljs";
import type { CellValue, Column } from "../../shared/dataset/index.ts";
import type { ExportTable } from "./table.ts";

const WIDTH_SAMPLE = 1000;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** Excel's sheet names: at most 31 characters, none of \ / ? * [ ] :. */
const sheetName = (title: string) =>
  title
    .replace(/[\\/?*[\]:]/g, " ")
    .trim()
    .slice(0, 31) || "Data";

function widthOf(column: Column, table: ExportTable): number {
  let width = column.name.length + 2;
  for (const row of table.rows.slice(0, WIDTH_SAMPLE)) {
    const value = row.cells[column.id];
    if (value !== null && value !== undefined) width = Math.max(width, String(value).split("\n")[0]?.length ?? 0);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 1));
}

function cell(column: Column, value: CellValue | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (column.type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00Z`);
  // A string is written as a string cell, whatever it starts with: exceljs makes formulas only of { formula }.
  return value;
}

export function xlsxStream(table: ExportTable): Readable {
  const stream = new PassThrough();
  const write = async () => {
    // Loaded on first use: exceljs takes a second to load.
    const { default: Excel } = await import("exceljs");
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(sheetName(table.meta.title), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({
      header: column.name,
      key: column.id,
      width: widthOf(column, table),
      ...(column.type === "date" ? { style: { numFmt: "yyyy-mm-dd" } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(table.columns.map((column) => cell(column, row.cells[column.id]))).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: Error) => stream.destroy(error));
  return stream;
}
