/** A cell as an editor opens it, and cells' sort order (how they read: shared/dataset/cellFormat.ts). */
import type { CellValue, Column } from "../../shared/dataset/index.ts";

const editFormats = new Map<string, Intl.NumberFormat>();

/**
 * What an editor opens with: numbers in the locale without grouping ("4,189" in de, which reads back
 * as 4.189, where "4.189" would read as 4189), everything else as stored (dates in ISO).
 */
export function editText(column: Pick<Column, "type">, value: CellValue, locale: string): string {
  if (value === null || value === undefined) return "";
  if (
    typeof value === "number" &&
    (column.type === "number" || column.type === "latitude" || column.type === "longitude")
  ) {
    let format = editFormats.get(locale);
    if (!format) {
      format = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 });
      editFormats.set(locale, format);
    }
    return format.format(value);
  }
  return String(value);
}

/** Sort order within a column: empty last, numbers by value, text by the locale's collation. */
export function compareCells(a: CellValue, b: CellValue, collator: Intl.Collator): number {
  const aEmpty = a === null || a === undefined || a === "";
  const bEmpty = b === null || b === undefined || b === "";
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(b) - Number(a);
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return collator.compare(String(a), String(b));
}
