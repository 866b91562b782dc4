/** How a stored cell value reads in the user's language: numbers and dates in their locale, text as text. */
import type { CellValue, Column } from "../../shared/dataset/index.ts";

type Formatters = { number: Intl.NumberFormat; coordinate: Intl.NumberFormat; date: Intl.DateTimeFormat };
const cache = new Map<string, Formatters>();

function formatters(locale: string): Formatters {
  let f = cache.get(locale);
  if (!f) {
    f = {
      number: new Intl.NumberFormat(locale, { maximumFractionDigits: 10 }),
      coordinate: new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 7 }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }),
    };
    cache.set(locale, f);
  }
  return f;
}

export type Words = { yes: string; no: string };

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

export function formatCell(column: Pick<Column, "type">, value: CellValue, locale: string, words: Words): string {
  if (value === null || value === undefined) return "";
  const f = formatters(locale);
  switch (column.type) {
    case "number":
      return typeof value === "number" ? f.number.format(value) : String(value);
    case "latitude":
    case "longitude":
      return typeof value === "number" ? f.coordinate.format(value) : String(value);
    case "boolean":
      if (value === true || value === "true") return words.yes;
      if (value === false || value === "false") return words.no;
      return String(value);
    case "date": {
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        const date = new Date(`${value}T00:00:00Z`);
        // Only a real day: the Date parser rolls "2026-02-30" over to 2 March, which would show a stored invalid value as another date.
        if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)) return f.date.format(date);
      }
      return String(value);
    }
    default:
      return String(value);
  }
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
