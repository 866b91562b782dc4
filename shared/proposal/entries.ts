/**
 * What each entry of a proposal document may hold, decided the same way for an untrusted update
 * (updateRules.ts refuses it) and for a stored document (the reader skips it). Returns the reason
 * an entry is wrong, or null.
 */
import { isCellValue } from "../dataset/schema.ts";
import { isColumnId, isRowId } from "../ids.ts";
import { limits } from "../limits.ts";
import { proposalLimits } from "./schema.ts";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const hasOnly = (value: Record<string, unknown>, keys: string[]) => {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
};

function cellProblem(value: unknown): string | null {
  if (!isCellValue(value)) return "a value must be text, a finite number, true, false or null";
  if (typeof value === "string" && value.length > limits.maxCellChars)
    return `a value holds at most ${limits.maxCellChars} characters`;
  return null;
}

export function cellEntryProblem(entry: unknown): string | null {
  if (!isPlainObject(entry) || !hasOnly(entry, ["value", "base"])) return "a cell change is { value, base }";
  return cellProblem(entry.value) ?? cellProblem(entry.base);
}

export function newRowEntryProblem(entry: unknown): string | null {
  if (!isPlainObject(entry) || !(hasOnly(entry, ["position"]) || hasOnly(entry, ["position", "after"])))
    return "a new row is { position, after? }";
  const { position, after } = entry;
  if (after !== undefined && after !== null && !(typeof after === "string" && isRowId(after)))
    return "a new row's after is a row id or null";
  if (position === null) return null;
  if (typeof position !== "string" || position.length === 0 || position.length > proposalLimits.maxPositionChars)
    return "a new row's position is short text or null";
  return null;
}

export function deletedRowEntryProblem(entry: unknown): string | null {
  if (!isPlainObject(entry) || !hasOnly(entry, ["base"]) || !isPlainObject(entry.base))
    return "a deleted row is { base: { columnId: value } }";
  const columns = Object.keys(entry.base);
  if (columns.length > limits.maxColumns) return `a deleted row has at most ${limits.maxColumns} values`;
  for (const column of columns) {
    if (!isColumnId(column)) return "a deleted row's values are keyed by column id";
    const problem = cellProblem(entry.base[column]);
    if (problem) return problem;
  }
  return null;
}
