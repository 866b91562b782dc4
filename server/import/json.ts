/**
 * JSON files: an array of objects (or an object holding one such array, as many APIs answer), one
 * row per object. Nested objects are flattened to `a.b` columns; arrays of plain values are joined
 * with "; " (as multi-valued fields of the French directories are); other arrays stay as JSON text.
 * GeoJSON FeatureCollections go to geojson.ts.
 */
import type { CellValue } from "../../shared/dataset/index.ts";
import { limits } from "../../shared/limits.ts";
import { decode, detectEncoding } from "./encoding.ts";
import { readGeoJson } from "./geojson.ts";
import { ImportError } from "./importError.ts";
import { type RawTable, type SourceProblem, uniqueNames } from "./table.ts";

export const JOIN = "; ";

export function parseJsonText(bytes: Uint8Array): unknown {
  const text = decode(bytes, detectEncoding(bytes).encoding);
  if (text.trim() === "") throw new ImportError("empty-file", "The file is empty.");
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = ((error as Error).message.split("\n")[0] ?? "").replace(/\.$/, "");
    throw new ImportError("bad-json", `The file is not valid JSON (${reason}).`, { why: reason });
  }
}

export function readJson(bytes: Uint8Array): RawTable & { format: "json" | "geojson" } {
  const data = parseJsonText(bytes);
  if (isFeatureCollection(data)) return { ...readGeoJson(data), format: "geojson" };
  const records = recordsOf(data);
  return { ...tableOfRecords(records), format: "json" };
}

function isFeatureCollection(data: unknown): data is { type: "FeatureCollection"; features: unknown[] } {
  return typeof data === "object" && data !== null && (data as { type?: unknown }).type === "FeatureCollection";
}

function recordsOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (typeof data === "object" && data !== null) {
    const arrays = Object.values(data).filter((v) => Array.isArray(v) && v.some((x) => isPlainObject(x)));
    if (arrays.length === 1) return arrays[0] as unknown[];
  }
  throw new ImportError("not-a-table", "The JSON file is not a list of records (an array of objects).");
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Rows from records, columns in order of first appearance; `extra` columns (coordinates) first. */
export function tableOfRecords(
  records: unknown[],
  extra?: (record: unknown, index: number) => Record<string, CellValue>,
  problems: SourceProblem[] = [],
): RawTable {
  const keys = new Map<string, number>();
  const flat: Record<string, CellValue>[] = [];
  const lines: number[] = [];
  records.forEach((record, i) => {
    if (!isPlainObject(record) && !extra) {
      problems.push({
        code: "not-a-record",
        line: i + 1,
        params: { record: i + 1 },
        message: `record ${i + 1} is not an object: skipped`,
      });
      return;
    }
    const row: Record<string, CellValue> = { ...(extra ? extra(record, i) : {}) };
    if (isPlainObject(record) && !extra) flatten(record, "", row);
    else if (isPlainObject((record as { properties?: unknown }).properties))
      flatten((record as { properties: Record<string, unknown> }).properties, "", row);
    for (const key of Object.keys(row)) if (!keys.has(key)) keys.set(key, keys.size);
    flat.push(row);
    lines.push(i + 1);
  });
  if (flat.length === 0) throw new ImportError("empty-file", "The file has no records.", { context: "records" });
  if (keys.size > limits.maxColumns)
    throw new ImportError(
      "too-many-columns",
      `The records have ${keys.size} different fields; a dataset has at most ${limits.maxColumns} columns.`,
      { context: "fields", count: keys.size, max: limits.maxColumns },
    );
  const order = [...keys.keys()];
  const names = uniqueNames(order, problems, null);
  const rows = flat.map((row) => order.map((key) => row[key] ?? null));
  return { names, rows, lines, problems };
}

function flatten(object: Record<string, unknown>, prefix: string, into: Record<string, CellValue>): void {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    if (isPlainObject(value)) flatten(value, `${name}.`, into);
    else into[name] = plain(value);
  }
}

function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v)))
      return value.filter((v) => v !== null && v !== "").join(JOIN) || null;
    return JSON.stringify(value);
  }
  return JSON.stringify(value);
}
