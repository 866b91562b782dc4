import * as Y from "yjs";
import type { ColumnId } from "../ids.ts";
import { newColumnId } from "../ids.ts";
import { limits } from "../limits.ts";
import { columnsMap } from "./maps.ts";
import { byPosition, positionBetween } from "./position.ts";
import type { ReportProblem } from "./problems.ts";
import { type Column, type ColumnType, columnTypes } from "./schema.ts";

export type NewColumn = { name: string; type?: ColumnType; description?: string; choices?: string[] };
export type ColumnPatch = Partial<Pick<Column, "name" | "type" | "description" | "choices">>;

/** Live columns in display order. Entries outside the schema are skipped and passed to `report`. */
export function readColumns(doc: Y.Doc, report?: ReportProblem): Column[] {
  const columns: Column[] = [];
  for (const [id, map] of columnsMap(doc)) {
    const column = toColumn(id as ColumnId, map, report);
    if (column) columns.push(column);
  }
  return columns.sort(byPosition);
}

export function readColumn(doc: Y.Doc, id: ColumnId): Column | null {
  return toColumn(id, columnsMap(doc).get(id));
}

/** Adds columns after `after` (or at the end). Returns their ids. */
export function addColumns(doc: Y.Doc, columns: NewColumn[], origin: unknown, after?: ColumnId): ColumnId[] {
  const ids: ColumnId[] = [];
  doc.transact(() => {
    const current = readColumns(doc);
    if (current.length + columns.length > limits.maxColumns) {
      throw new RangeError(`a dataset has at most ${limits.maxColumns} columns`);
    }
    const index = after === undefined ? current.length - 1 : current.findIndex((c) => c.id === after);
    let before = current[index]?.position ?? null;
    const next = current[index + 1]?.position ?? null;
    for (const column of columns) {
      const id = newColumnId();
      const position = positionBetween(before, next);
      const map = new Y.Map<unknown>();
      columnsMap(doc).set(id, map);
      map.set("position", position);
      writeFields(map, { type: "text", description: "", choices: [], ...column });
      ids.push(id);
      before = position;
    }
  }, origin);
  return ids;
}

export function updateColumn(doc: Y.Doc, id: ColumnId, patch: ColumnPatch, origin: unknown): void {
  doc.transact(() => {
    writeFields(columnMap(doc, id), patch);
  }, origin);
}

/** Moves a column to sit after `after` (null: first). */
export function moveColumn(doc: Y.Doc, id: ColumnId, after: ColumnId | null, origin: unknown): void {
  doc.transact(() => {
    const others = readColumns(doc).filter((c) => c.id !== id);
    const index = after === null ? -1 : others.findIndex((c) => c.id === after);
    columnMap(doc, id).set(
      "position",
      positionBetween(others[index]?.position ?? null, others[index + 1]?.position ?? null),
    );
  }, origin);
}

/** Removes a column definition; its stored values stay in the document until a compaction drops them. */
export function deleteColumn(doc: Y.Doc, id: ColumnId, origin: unknown): void {
  doc.transact(() => columnsMap(doc).delete(id), origin);
}

function writeFields(map: Y.Map<unknown>, patch: ColumnPatch): void {
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (name === "" || name.length > limits.maxColumnNameChars) {
      throw new RangeError(`a column name has 1 to ${limits.maxColumnNameChars} characters`);
    }
    if (map.get("name") !== name) map.set("name", name);
  }
  if (patch.type !== undefined) {
    if (!columnTypes.includes(patch.type)) throw new RangeError(`unknown column type ${patch.type}`);
    if (map.get("type") !== patch.type) map.set("type", patch.type);
  }
  if (patch.description !== undefined && map.get("description") !== patch.description) {
    map.set("description", patch.description);
  }
  if (patch.choices !== undefined) map.set("choices", [...new Set(patch.choices.map((c) => c.trim()).filter(Boolean))]);
}

function columnMap(doc: Y.Doc, id: ColumnId): Y.Map<unknown> {
  const map = columnsMap(doc).get(id);
  if (!(map instanceof Y.Map)) throw new RangeError(`no column ${id}`);
  return map;
}

function toColumn(id: ColumnId, map: unknown, report?: ReportProblem): Column | null {
  const problem = (reason: string) => report?.({ where: "columns", key: id, reason });
  if (map === undefined) return null;
  if (!(map instanceof Y.Map) || id.startsWith("_")) {
    problem(map instanceof Y.Map ? "a column id never starts with _" : "the column is not a map");
    return null;
  }
  const name = map.get("name");
  const position = map.get("position");
  // A column whose creation has only partly arrived is not shown until it is complete (reported
  // all the same: a column that never completes is outside the schema).
  if (typeof name !== "string" || typeof position !== "string") {
    problem("the column has no name or no position");
    return null;
  }
  const type = map.get("type");
  const description = map.get("description");
  const choices = map.get("choices");
  if (report) {
    if (!columnTypes.includes(type as ColumnType)) problem("unknown column type, read as text");
    if (description !== undefined && typeof description !== "string") problem("the description is not text");
    if (choices !== undefined && !(Array.isArray(choices) && choices.every((c) => typeof c === "string")))
      problem("the choices are not a list of text");
  }
  return {
    id,
    name,
    position,
    type: columnTypes.includes(type as ColumnType) ? (type as ColumnType) : "text",
    description: typeof description === "string" ? description : "",
    choices: Array.isArray(choices) ? choices.filter((c): c is string => typeof c === "string") : [],
  };
}
