/**
 * Filtering, sorting and cursor paging of a snapshot's rows, for GET /api/v1/datasets/{id}/rows.
 * Pure: the server runs it over the read model; the tests compare it with a plain filter and sort.
 *
 * Order: the sort column's values (numbers, then text by code unit, then booleans; empty cells
 * last in either direction), ties broken by the row's position then id, so the order is total.
 * A cursor holds the last row's key (value, position, id), not an offset: a page after an edit
 * starts right after that key, so rows are neither repeated nor skipped unless they moved across it.
 */
import { z } from "zod";
import type { CellValue } from "../dataset/schema.ts";
import { type FilterOperator, filterOperators } from "./v1.ts";

export type QueryRow = { id: string; position: string; cells: Readonly<Record<string, CellValue>> };
export type Sort = { column: string; descending: boolean } | null;
export type Filter = { column: string; op: FilterOperator; operands: CellValue[] };
export type Cursor = { sort: string; value: CellValue; position: string; id: string };

export class QueryError extends Error {
  readonly code: "invalid-filter" | "invalid-cursor" | "invalid-request";
  constructor(code: QueryError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

const NUMERIC = new Set(["number", "latitude", "longitude"]);

/**
 * The column a query names: by its id, else by its name when no other column has that name (ids are
 * what stays true after a rename; names are what a person reads). Undefined when there is none.
 */
export function columnNamed<C extends { id: string; name?: string }>(
  columns: readonly C[],
  key: string,
): C | undefined {
  const byId = columns.find((c) => c.id === key);
  if (byId) return byId;
  const named = columns.filter((c) => c.name === key);
  return named.length === 1 ? named[0] : undefined;
}

/** The columns a comma-separated list names (`fields`, an embed's `columns`), in its order. */
export function columnsNamed<C extends { id: string; name?: string }>(
  columns: readonly C[],
  list: string,
  parameter: string,
): C[] {
  return list
    .split(",")
    .filter(Boolean)
    .map((key) => {
      const column = columnNamed(columns, key);
      if (!column) throw new QueryError("invalid-request", `${parameter}: no column "${key}"`);
      return column;
    });
}

/** `<column>:<op>[:<value>]` (a column's id or name); `in` takes comma-separated values or a JSON array of them. */
export function parseFilter(text: string, columns: readonly { id: string; name?: string; type: string }[]): Filter {
  const first = text.indexOf(":");
  const second = first < 0 ? -1 : text.indexOf(":", first + 1);
  const columnId = first < 0 ? text : text.slice(0, first);
  const op = (second < 0 ? text.slice(first + 1) : text.slice(first + 1, second)) as FilterOperator;
  const raw = second < 0 ? null : text.slice(second + 1);
  const column = columnNamed(columns, columnId);
  if (first < 0 || !column) throw new QueryError("invalid-filter", `filter "${text}": no column "${columnId}"`);
  if (!filterOperators.includes(op))
    throw new QueryError("invalid-filter", `filter "${text}": "${op}" is not one of ${filterOperators.join(", ")}`);
  if (op === "empty" || op === "notempty") {
    if (raw !== null && raw !== "") throw new QueryError("invalid-filter", `filter "${text}": ${op} takes no value`);
    return { column: column.id, op, operands: [] };
  }
  if (raw === null) throw new QueryError("invalid-filter", `filter "${text}": ${op} needs a value`);
  const texts = op === "in" ? listOf(raw, text) : [raw];
  const operands = texts.map((t) => operandOf(t, column.type, text));
  return { column: column.id, op, operands };
}

function listOf(raw: string, text: string): string[] {
  if (!raw.startsWith("[")) return raw.split(",");
  try {
    const list = JSON.parse(raw) as unknown;
    if (Array.isArray(list) && list.every((v) => ["string", "number", "boolean"].includes(typeof v)))
      return list.map(String);
  } catch {}
  throw new QueryError("invalid-filter", `filter "${text}": in takes a JSON array of values`);
}

function operandOf(raw: string, type: string, text: string): CellValue {
  if (NUMERIC.has(type)) {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n))
      throw new QueryError("invalid-filter", `filter "${text}": not a number`);
    return n;
  }
  if (type === "boolean") {
    if (raw !== "true" && raw !== "false") throw new QueryError("invalid-filter", `filter "${text}": true or false`);
    return raw === "true";
  }
  return raw;
}

const isEmpty = (v: CellValue | undefined) => v === null || v === undefined || v === "";
const rankOf = (v: CellValue) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);

/** Compares two non-empty values: numbers, then text (code units), then booleans (false first). */
export function compareValues(a: CellValue, b: CellValue): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  return (a as never) < (b as never) ? -1 : (a as never) > (b as never) ? 1 : 0;
}

export function matches(filter: Filter, value: CellValue | undefined): boolean {
  const v = value ?? null;
  switch (filter.op) {
    case "empty":
      return isEmpty(v);
    case "notempty":
      return !isEmpty(v);
    case "eq":
      return v === filter.operands[0];
    case "ne":
      return v !== filter.operands[0];
    case "in":
      return filter.operands.includes(v);
    case "contains": {
      const needle = String(filter.operands[0]).toLowerCase();
      return v !== null && String(v).toLowerCase().includes(needle);
    }
    default: {
      const operand = filter.operands[0] as CellValue;
      if (isEmpty(v) || rankOf(v) !== rankOf(operand)) return false;
      const c = compareValues(v, operand);
      return filter.op === "gt" ? c > 0 : filter.op === "gte" ? c >= 0 : filter.op === "lt" ? c < 0 : c <= 0;
    }
  }
}

export function parseSort(text: string | undefined, columns: readonly { id: string; name?: string }[]): Sort {
  if (!text) return null;
  const descending = text.startsWith("-");
  const key = descending ? text.slice(1) : text;
  const column = columnNamed(columns, key);
  if (!column) throw new QueryError("invalid-request", `sort: no column "${key}"`);
  return { column: column.id, descending };
}

const sortKey = (sort: Sort) => (sort ? `${sort.descending ? "-" : ""}${sort.column}` : "");

/** The order of two rows' keys (value of the sort column, position, id) under `sort`. */
export function compareKeys(
  sort: Sort,
  a: { value: CellValue; position: string; id: string },
  b: { value: CellValue; position: string; id: string },
): number {
  if (sort) {
    const ea = isEmpty(a.value);
    const eb = isEmpty(b.value);
    if (ea !== eb) return ea ? 1 : -1; // empty cells last, in either direction
    if (!ea) {
      const c = compareValues(a.value, b.value);
      if (c !== 0) return sort.descending ? -c : c;
    }
  }
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const keyOf = (sort: Sort, row: QueryRow) => ({
  value: sort ? (row.cells[sort.column] ?? null) : null,
  position: row.position,
  id: row.id,
});

/** Row indexes in the order of `sort` (the server caches it per snapshot version and sort). */
export function orderOf(rows: readonly QueryRow[], sort: Sort): Int32Array {
  const keys = rows.map((row) => keyOf(sort, row));
  const order = Int32Array.from(rows.keys());
  return order.sort((i, j) => compareKeys(sort, keys[i] as never, keys[j] as never));
}

const cursorSchema = z.object({
  s: z.string(),
  v: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  p: z.string(),
  i: z.string(),
});

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromBase64Url = (text: string) =>
  new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
  );

export const encodeCursor = (sort: Sort, row: QueryRow) => {
  const key = keyOf(sort, row);
  return toBase64Url(JSON.stringify({ s: sortKey(sort), v: key.value, p: key.position, i: key.id }));
};

export function decodeCursor(text: string, sort: Sort): Cursor {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(fromBase64Url(text)));
  } catch {
    throw new QueryError("invalid-cursor", "cursor: not a cursor this API gave");
  }
  if (parsed.s !== sortKey(sort)) throw new QueryError("invalid-cursor", "cursor: given with another sort");
  return { sort: parsed.s, value: parsed.v, position: parsed.p, id: parsed.i };
}

export type PageRequest = { filters: Filter[]; sort: Sort; limit: number; cursor: Cursor | null };
export type Page = { total: number; rows: QueryRow[]; last: QueryRow | null; more: boolean };

/** One page: rows after the cursor in `order` that pass every filter; `total` counts all that pass. */
export function pageOf(rows: readonly QueryRow[], order: Int32Array, request: PageRequest): Page {
  const { filters, sort, limit, cursor } = request;
  const passes = (row: QueryRow) => filters.every((f) => matches(f, row.cells[f.column]));
  let start = 0;
  if (cursor) {
    // First index whose key is after the cursor's (binary search: `order` is sorted by key).
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const row = rows[order[mid] as number] as QueryRow;
      if (compareKeys(sort, keyOf(sort, row), cursor) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page: QueryRow[] = [];
  let more = false;
  for (let k = start; k < order.length; k++) {
    const row = rows[order[k] as number] as QueryRow;
    if (!passes(row)) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(row);
  }
  let total = rows.length;
  if (filters.length > 0) {
    total = 0;
    for (const row of rows) if (passes(row)) total++;
  }
  return { total, rows: page, last: page.at(-1) ?? null, more };
}
