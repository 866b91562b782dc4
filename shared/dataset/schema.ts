/**
 * The shape of a dataset's Yjs document. This file and its siblings are the only code that reads
 * or writes the document's maps by key; everything else goes through the typed functions here.
 *
 * Layout (schema version 1):
 *
 *   meta     Y.Map   schemaVersion, title, description, source, licence (its title), licenceUrl,
 *                    keywords (text, comma-separated), frequency (an EU frequency code), spatial, spatialUri
 *   columns  Y.Map<ColumnId, Y.Map>   name, type, position, description, choices
 *   blocks   Y.Map<blockId, string>   rows inserted in bulk, JSON text, never rewritten or deleted by clients
 *   cells    Y.Map<"rowId:columnId", value>   every later change to a cell, and rows people add, one key per cell
 *
 * Why this split: a Y.Map per row costs ~6 KB of heap for 20 cells and takes seconds to load at
 * 100k rows. Rows are therefore inserted as immutable JSON text blocks (one Yjs item for many rows,
 * decoded lazily and fast), and each later edit is a last-writer-wins entry keyed by cell in
 * `cells`, so two people editing different cells of one row both keep their edit.
 * A row's position (fractional index) and its deletion are cells too, under reserved column ids,
 * so moving and deleting rows merge with the same rules as any edit.
 *
 * A row exists either from a block or from cells alone: a row with no block row whose
 * `rowId:_pos` cell holds a position is a live row made of its cells. People add rows that way
 * (addRows), so undoing an added row deletes cells, never a block; blocks are for bulk inserts by
 * the server, the API and imports (insertRows), and nobody but the server's maintenance deletes
 * one. Should a row id appear in two blocks, the block with the smallest id holds it.
 */
import type { ColumnId, RowId } from "../ids.ts";
import type { UpdateFrequency } from "./openData.ts";

export const SCHEMA_VERSION = 1;

export const roots = {
  meta: "meta",
  columns: "columns",
  blocks: "blocks",
  cells: "cells",
} as const;

export const columnTypes = [
  "text",
  "number",
  "boolean",
  "date",
  "url",
  "email",
  "choice",
  "latitude",
  "longitude",
] as const;
export type ColumnType = (typeof columnTypes)[number];

export type CellValue = string | number | boolean | null;

export function isCellValue(value: unknown): value is CellValue {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

export interface Column {
  id: ColumnId;
  name: string;
  type: ColumnType;
  /** Fractional index: columns are shown in ascending order, ties broken by id. */
  position: string;
  description: string;
  /** Allowed values of a `choice` column, in display order. */
  choices: string[];
}

export interface DatasetMeta {
  title: string;
  description: string;
  source: string;
  /** The licence's title (or, in datasets made before the list of licences, whatever was typed). */
  licence: string;
  /** The licence's URL; empty for older datasets (`licenceOf` recognises the known ones by their text). */
  licenceUrl: string;
  /** Comma-separated, as typed; `keywordList` reads it as a list. */
  keywords: string;
  /** How often the data is updated: a code of `updateFrequencies` (openData.ts), or empty. */
  frequency: UpdateFrequency | "";
  /** The place the data covers, in words (e.g. "Lyon, France"). */
  spatial: string;
  /** That place's URI in a gazetteer (GeoNames, INSEE…), optional. */
  spatialUri: string;
}

export const metaFields = [
  "title",
  "description",
  "source",
  "licence",
  "licenceUrl",
  "keywords",
  "frequency",
  "spatial",
  "spatialUri",
] as const;

export interface Row {
  id: RowId;
  /** Fractional index: rows are shown in ascending order, ties broken by id. */
  position: string;
  cells: Readonly<Record<ColumnId, CellValue>>;
}

/** Reserved column ids for per-row state kept in `cells`; user column ids never start with "_". */
export const POSITION = "_pos";
export const DELETED = "_del";

export function cellKey(rowId: RowId, columnId: ColumnId | typeof POSITION | typeof DELETED): string {
  return `${rowId}:${columnId}`;
}

export function splitCellKey(key: string): [rowId: RowId, columnId: string] | null {
  const at = key.indexOf(":");
  if (at <= 0) return null;
  return [key.slice(0, at) as RowId, key.slice(at + 1)];
}

/**
 * A block as stored: `columns` names what each value slot of a row holds; every row is
 * `[rowId, position, ...values]` in that order.
 */
export interface Block {
  columns: ColumnId[];
  rows: [RowId, string, ...CellValue[]][];
}
