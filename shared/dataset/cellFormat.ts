/**
 * How a stored cell value reads in a language: numbers, coordinates and dates in its notation,
 * yes/no in its words, text as text. The app's grid, cards and map and the embeds all show cells
 * through it, so a value reads the same everywhere.
 */
import type { CellValue, Column } from "./schema.ts";

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
