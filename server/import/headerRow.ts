/**
 * Which row holds the column names. Exports often start with a title or a date line above the
 * header ("Liste des lieux — décembre 2022"); the header is the first row about as wide as the
 * data below it. A first row of only numbers or dates is data, not names: then there is no header.
 */
import type { CellValue } from "../../shared/dataset/index.ts";

/** Rows looked at to find the header. */
export const LOOK_AT_ROWS = 20;

const filled = (row: readonly CellValue[]) => row.filter((v) => v !== null && String(v).trim() !== "").length;
const looksLikeData = (value: CellValue) =>
  typeof value === "number" ||
  typeof value === "boolean" ||
  (typeof value === "string" && /^\s*[-+]?(\d[\d\s.,/:-]*)\s*$/.test(value));

/** The index of the header row among `rows`, or null when the table has no header. */
export function detectHeaderRow(rows: readonly (readonly CellValue[])[]): number | null {
  const sample = rows.slice(0, LOOK_AT_ROWS);
  if (sample.length === 0) return null;
  const widest = Math.max(...sample.map(filled));
  const index = sample.findIndex((row) => filled(row) >= Math.max(1, Math.ceil(widest * 0.6)));
  const header = sample[index] ?? [];
  const values = header.filter((v) => v !== null && String(v).trim() !== "");
  if (values.length > 0 && values.every(looksLikeData) && sample.length > 1) return null;
  return index;
}
