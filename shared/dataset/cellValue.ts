/**
 * What a cell of each column type accepts. Used by the grid's editors and paste (to refuse bad
 * input with a message) and by the server and importers (to store typed values, never silently
 * turning bad input into something else).
 */
import { limits } from "../limits.ts";
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

const TRUE = new Set(["true", "yes", "y", "oui", "o", "1", "x", "vrai"]);
const FALSE = new Set(["false", "no", "n", "non", "0", "faux"]);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ok = (value: CellValue): ParsedCell => ({ ok: true, value });
const fail = (error: CellError): ParsedCell => ({ ok: false, error });

/** Parses what a person typed or pasted (or a typed value from an import) for a column. Empty means null. */
export function parseCell(column: Pick<Column, "type" | "choices">, input: CellValue): ParsedCell {
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
      return parseNumber(input, text, "not-a-number");
    case "latitude":
      return inRange(parseNumber(input, text, "not-a-number"), 90, "latitude-out-of-range");
    case "longitude":
      return inRange(parseNumber(input, text, "not-a-number"), 180, "longitude-out-of-range");
    case "boolean": {
      if (typeof input === "boolean") return ok(input);
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return ok(true);
      if (FALSE.has(lower)) return ok(false);
      return fail("not-a-boolean");
    }
    case "date":
      return isIsoDate(text) ? ok(text) : fail("not-a-date");
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

function parseNumber(input: CellValue, text: string, error: CellError): ParsedCell {
  if (typeof input === "number") return Number.isFinite(input) ? ok(input) : fail(error);
  if (typeof input === "boolean") return fail(error);
  // Accept a decimal comma ("3,5") and spaces as thousands separators ("1 234,5"), as typed in French.
  let normalized = text.replace(/[\s\u00a0\u202f]/g, "");
  if (!normalized.includes(".") && /^-?\d+,\d+$/.test(normalized)) normalized = normalized.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalized)) return fail(error);
  const value = Number(normalized);
  return Number.isFinite(value) ? ok(value) : fail(error);
}

function inRange(parsed: ParsedCell, bound: number, error: CellError): ParsedCell {
  if (!parsed.ok || parsed.value === null) return parsed;
  return Math.abs(parsed.value as number) <= bound ? parsed : fail(error);
}

function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
