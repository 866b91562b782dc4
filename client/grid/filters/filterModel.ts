/**
 * Column filters as data: which filter fits each column type, the model each filter keeps, and
 * whether a cell passes it. Pure functions over stored values (no grid, no DOM), so the grid, the
 * summary above it and the tests all read the same rules.
 *
 * Every filter can also let through empty cells and cells whose value does not fit the column type
 * (kept as text, marked invalid in the grid), so those stay findable: a range never holds them.
 * A cell passes when it matches the condition (if one is set), or is empty and `empty` is ticked,
 * or is invalid and `invalid` is ticked.
 */
import { type CellValue, type Column, isValidCell } from "../../../shared/dataset/index.ts";

export type DateRangeModel = { kind: "dateRange"; from: string | null; to: string | null } & Extras;
export type NumberRangeModel = { kind: "numberRange"; min: number | null; max: number | null } & Extras;
/** `values`: the keys of the valid values let through (`choiceKey`). */
export type ChoicesModel = { kind: "choices"; values: string[] } & Extras;
/** `contains`: text every cell shown must contain, ignoring case and accents ("" sets no condition). */
export type TextModel = { kind: "text"; contains: string } & Extras;
type Extras = { empty: boolean; invalid: boolean };

export type FilterModel = DateRangeModel | NumberRangeModel | ChoicesModel | TextModel;
export type FilterKind = FilterModel["kind"];

/** A model of this kind that sets nothing. */
export function emptyModel(kind: FilterModel["kind"]): FilterModel {
  const extras = { empty: false, invalid: false };
  switch (kind) {
    case "dateRange":
      return { kind, from: null, to: null, ...extras };
    case "numberRange":
      return { kind, min: null, max: null, ...extras };
    case "choices":
      return { kind, values: [], ...extras };
    case "text":
      return { kind, contains: "", ...extras };
  }
}

/** The filter that fits a column type. */
export function filterKind(column: Pick<Column, "type">): FilterKind {
  switch (column.type) {
    case "date":
      return "dateRange";
    case "number":
    case "latitude":
    case "longitude":
      return "numberRange";
    case "choice":
    case "boolean":
      return "choices";
    default:
      return "text";
  }
}

/** Whether a column's cells can hold values that do not fit it (a text column takes any text). */
export function canBeInvalid(column: Pick<Column, "type">): boolean {
  return column.type !== "text";
}

export type ClassifiedCell =
  | { state: "empty" }
  | { state: "valid"; value: string | number | boolean }
  | { state: "invalid"; text: string };

/** A stored cell as a filter sees it: empty, a value that fits the column, or text that does not. */
export function classifyCell(column: Pick<Column, "type" | "choices">, value: CellValue | undefined): ClassifiedCell {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
    return { state: "empty" };
  }
  if (fits(column, value)) return { state: "valid", value };
  return { state: "invalid", text: String(value) };
}

/**
 * isValidCell, remembered per column and value: a filter asks for every row at each change, and
 * dates, numbers and choices repeat (a column object is replaced whenever the column changes).
 */
const validity = new WeakMap<object, Map<CellValue, boolean>>();
const MAX_REMEMBERED = 50_000;

function fits(column: Pick<Column, "type" | "choices">, value: CellValue): boolean {
  // Text fits a text column unless too long: cheaper to check than to remember.
  if (column.type === "text") return isValidCell(column, value);
  let known = validity.get(column);
  if (!known) {
    known = new Map();
    validity.set(column, known);
  }
  let valid = known.get(value);
  if (valid === undefined) {
    valid = isValidCell(column, value);
    if (known.size < MAX_REMEMBERED) known.set(value, valid);
  }
  return valid;
}

/** The options of a choices filter, in order: the column's choices, or yes then no. */
export function choiceOptions(column: Pick<Column, "type" | "choices">): string[] {
  return column.type === "boolean" ? ["true", "false"] : [...column.choices];
}

/** The key of a valid value in a choices model: the choice itself, or "true"/"false". */
export function choiceKey(value: string | number | boolean): string {
  return String(value);
}

/** Whether a model sets anything at all (a model that lets nothing through on purpose is still set). */
export function isActive(model: FilterModel | null | undefined): model is FilterModel {
  if (!model) return false;
  return model.empty || model.invalid || hasCondition(model);
}

/** Whether the model's own condition (range, choices, text) is set, apart from empty and invalid. */
export function hasCondition(model: FilterModel): boolean {
  switch (model.kind) {
    case "dateRange":
      return model.from !== null || model.to !== null;
    case "numberRange":
      return model.min !== null || model.max !== null;
    case "choices":
      return model.values.length > 0;
    case "text":
      return model.contains.trim() !== "";
  }
}

/** Whether `model` belongs to a filter of this column (it may not after the column changed type). */
export function fitsColumn(column: Pick<Column, "type">, model: FilterModel | null | undefined): model is FilterModel {
  return isActive(model) && model.kind === filterKind(column);
}

/** Whether a stored cell passes the filter. A model of another kind than the column's lets everything through. */
export function passes(
  column: Pick<Column, "type" | "choices">,
  model: FilterModel | null | undefined,
  value: CellValue | undefined,
  locale: string,
): boolean {
  if (!fitsColumn(column, model)) return true;
  const cell = classifyCell(column, value);
  if (cell.state === "empty") return model.empty;
  if (cell.state === "invalid") {
    if (model.invalid) return true;
    // Text search reads what is written, whether or not it fits the column.
    return model.kind === "text" && hasCondition(model) && includesFolded(cell.text, model.contains, locale);
  }
  if (!hasCondition(model)) return false;
  const v = cell.value;
  switch (model.kind) {
    case "dateRange":
      // ISO dates with four-digit years sort as text.
      return typeof v === "string" && (model.from === null || v >= model.from) && (model.to === null || v <= model.to);
    case "numberRange":
      return typeof v === "number" && (model.min === null || v >= model.min) && (model.max === null || v <= model.max);
    case "choices":
      return model.values.includes(choiceKey(v));
    case "text":
      return includesFolded(String(v), model.contains, locale);
  }
}

/** Whether `text` contains `part`, ignoring case and accents ("cafe" finds "Café"). */
export function includesFolded(text: string, part: string, locale: string): boolean {
  return fold(text, locale).includes(foldedPart(part, locale));
}

/** The text searched for, folded once for all the rows it is compared with. */
let lastPart = { part: "", locale: "", folded: "" };
function foldedPart(part: string, locale: string): string {
  if (lastPart.part !== part || lastPart.locale !== locale)
    lastPart = { part, locale, folded: fold(part.trim(), locale) };
  return lastPart.folded;
}

const ASCII = /^[\x20-\x7e]*$/;

function fold(text: string, locale: string): string {
  // Plain ASCII has no accents to take off (the common case, and the fast one).
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase(locale);
}

/** How many cells are empty, invalid, and hold each valid choice key: the counts a filter shows next to its options. */
export type CellCounts = { empty: number; invalid: number; byKey: Map<string, number> };

export function countCells(
  column: Pick<Column, "type" | "choices">,
  values: Iterable<CellValue | undefined>,
): CellCounts {
  const counts: CellCounts = { empty: 0, invalid: 0, byKey: new Map() };
  for (const value of values) {
    const cell = classifyCell(column, value);
    if (cell.state === "empty") counts.empty++;
    else if (cell.state === "invalid") counts.invalid++;
    else {
      const key = choiceKey(cell.value);
      counts.byKey.set(key, (counts.byKey.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
