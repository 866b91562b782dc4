/**
 * What a cell of each column type accepts. Used by the grid's editors and paste (to refuse bad
 * input with a message) and by the server and importers (to store typed values, never silently
 * turning bad input into something else).
 */
import { limits } from "../limits.ts";
import { readDate } from "./localeDate.ts";
import type { CellValue, Column } from "./schema.ts";

export type CellError =
  | "too-long"
  | "not-a-number"
  | "not-a-boolean"
  | "not-a-date"
  | "not-a-url"
  | "not-an-email"
  | "not-a-choice"
  | "latitude-out-of-range"
  | "longitude-out-of-range";

export type ParsedCell = { ok: true; value: CellValue } | { ok: false; error: CellError };

const TRUE = new Set(["true", "yes", "y", "oui", "o", "1", "x", "vrai", "sí", "si", "s", "verdadero"]);
const FALSE = new Set(["false", "no", "n", "non", "0", "faux", "falso"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ok = (value: CellValue): ParsedCell => ({ ok: true, value });
const fail = (error: CellError): ParsedCell => ({ ok: false, error });

/** How the person typing reads values: with a locale, dates and numbers are also read as that locale writes them. */
export type ReadingOptions = { locale?: string };

/**
 * Parses what a person typed or pasted (or a typed value from an import) for a column. Empty means null.
 * Every typed-in-place path goes through here, with the reader's locale; stored values are checked without one.
 */
export function parseCell(
  column: Pick<Column, "type" | "choices">,
  input: CellValue,
  options: ReadingOptions = {},
): ParsedCell {
  if (input === null) return ok(null);
  if (typeof input === "string") {
    if (input.length > limits.maxCellChars) return fail("too-long");
    if (input.trim() === "") return ok(null);
  }
  const text = String(input).trim();
  switch (column.type) {
    case "text":
      return ok(typeof input === "string" ? input : text);
    case "number":
      return parseNumber(input, text, options.locale);
    case "latitude":
      return inRange(parseNumber(input, text, options.locale), 90, "latitude-out-of-range");
    case "longitude":
      return inRange(parseNumber(input, text, options.locale), 180, "longitude-out-of-range");
    case "boolean": {
      if (typeof input === "boolean") return ok(input);
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return ok(true);
      if (FALSE.has(lower)) return ok(false);
      return fail("not-a-boolean");
    }
    case "date": {
      if (typeof input !== "string") return fail("not-a-date");
      const date = readDate(text, options.locale);
      return date === null ? fail("not-a-date") : ok(date);
    }
    case "url":
      return isHttpUrl(text) ? ok(text) : fail("not-a-url");
    case "email":
      return EMAIL.test(text) ? ok(text) : fail("not-an-email");
    case "choice":
      return column.choices.includes(text) ? ok(text) : fail("not-a-choice");
  }
}

/** Whether a stored value fits its column (values stay as they were when a column changes type). */
export function isValidCell(column: Pick<Column, "type" | "choices">, value: CellValue): boolean {
  const parsed = parseCell(column, value);
  return parsed.ok && parsed.value === value;
}

function parseNumber(input: CellValue, text: string, locale: string | undefined): ParsedCell {
  const error = "not-a-number";
  if (typeof input === "number") return Number.isFinite(input) ? ok(input) : fail(error);
  if (typeof input === "boolean") return fail(error);
  // The common case first: digits with an optional point ("48.7215", "12"), read the same in every
  // locale that does not group thousands with a point ("1.234" is 1234 in German).
  if (PLAIN_DECIMAL.test(text) && !groupsWithPoint(locale)) return ok(Number(text));
  const local = locale === undefined ? null : readLocaleNumber(text, locale);
  if (local !== null) return ok(local);
  // Accept a decimal comma ("3,5") and spaces as thousands separators ("1 234,5"), as typed in French.
  let normalized = text.replace(/[\s\u00a0\u202f]/g, "");
  if (!normalized.includes(".") && /^-?\d+,\d+$/.test(normalized)) normalized = normalized.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalized)) return fail(error);
  const value = Number(normalized);
  return Number.isFinite(value) ? ok(value) : fail(error);
}

const PLAIN_DECIMAL = /^-?\d{1,15}(\.\d{1,15})?$/;

const pointGrouping = new Map<string, boolean>();

function groupsWithPoint(locale: string | undefined): boolean {
  if (locale === undefined) return false;
  let groups = pointGrouping.get(locale);
  if (groups === undefined) {
    try {
      groups = new Intl.NumberFormat(locale).formatToParts(12345.6).some((p) => p.type === "group" && p.value === ".");
    } catch {
      groups = false;
    }
    pointGrouping.set(locale, groups);
  }
  return groups;
}

function inRange(parsed: ParsedCell, bound: number, error: CellError): ParsedCell {
  if (!parsed.ok || parsed.value === null) return parsed;
  return Math.abs(parsed.value as number) <= bound ? parsed : fail(error);
}

/** Per locale, the pattern of a number as it writes it, or null when Intl does not know the locale. */
const numberPatterns = new Map<string, RegExp | null>();

/** A number written exactly as the locale writes it ("1,234.5" in en, "1.234,5" in de, "1 234,5" in fr), or null. */
function readLocaleNumber(text: string, locale: string): number | null {
  let pattern = numberPatterns.get(locale);
  if (pattern === undefined) {
    pattern = null;
    try {
      const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
      const groupSep = parts.find((p) => p.type === "group")?.value ?? "";
      const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
      const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      // Any kind of space stands for a space-like group separator, as people type an ordinary one.
      const group = /^\s$/u.test(groupSep) ? "[\\s\u00a0\u202f]" : literal(groupSep);
      pattern = new RegExp(`^([-+]?)(\\d{1,3}(?:${group}\\d{3})+)(?:${literal(decimal)}(\\d+))?$`, "u");
    } catch {
      pattern = null;
    }
    numberPatterns.set(locale, pattern);
  }
  if (!pattern) return null;
  const match = pattern.exec(text);
  if (!match) return null;
  const digits = (match[2] as string).replace(/\D/g, "");
  const value = Number(`${match[1]}${digits}${match[3] ? `.${match[3]}` : ""}`);
  return Number.isFinite(value) ? value : null;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
