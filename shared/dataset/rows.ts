import type * as Y from "yjs";
import { type ColumnId, newRowId, newRowIds, type RowId, randomId } from "../ids.ts";
import { limits } from "../limits.ts";
import { blocksMap, cellsMap } from "./maps.ts";
import { positionsBetween } from "./position.ts";
import { type Block, type CellValue, cellKey, DELETED, POSITION } from "./schema.ts";

/** Rows per stored block: small enough to keep one paste cheap, large enough to keep items few. */
export const BLOCK_ROWS = 1000;

export type NewRow = { id?: RowId; cells: Partial<Record<ColumnId, CellValue>> };
export type CellEdit = { rowId: RowId; columnId: ColumnId; value: CellValue };
/** Where new or moved rows go: between two neighbouring positions (null for an open end). */
export type Gap = { before: string | null; after: string | null };

export const END: Gap = { before: null, after: null };

/**
 * Adds rows a person made (the grid's add, insert and paste), in order into the gap, as cells: a
 * position cell and one cell per non-empty value (see schema.ts). Undoing it deletes those cells,
 * never a block. Returns their ids. `gap` as for insertRows.
 */
export function addRows(doc: Y.Doc, rows: NewRow[], gap: Gap, origin: unknown): RowId[] {
  if (rows.length === 0) return [];
  const positions = positionsBetween(gap.before, gap.after, rows.length);
  const ids = rows.map((row) => row.id ?? newRowId());
  // Checked before anything is written: a transaction that throws keeps what it wrote.
  const entries: [string, CellValue][] = [];
  rows.forEach((row, i) => {
    const id = ids[i] as RowId;
    entries.push([cellKey(id, POSITION), positions[i] as string]);
    for (const [column, value] of Object.entries(row.cells)) {
      if (column.startsWith("_")) throw new RangeError(`${column} is a reserved column id`);
      if (value !== null && value !== undefined) entries.push([cellKey(id, column as ColumnId), checkedValue(value)]);
    }
  });
  doc.transact(() => {
    const cells = cellsMap(doc);
    for (const [key, value] of entries) cells.set(key, value);
  }, origin);
  return ids;
}

/**
 * Inserts rows in order into the gap as blocks, for bulk inserts (server, API, imports): cheap to
 * store and load, but a person's undo never removes them. Returns their ids. `gap.before` must be
 * the position of the last row when appending (see DatasetView.gapAfter), or rows land before it.
 */
export function insertRows(doc: Y.Doc, rows: NewRow[], gap: Gap, origin: unknown): RowId[] {
  if (rows.length === 0) return [];
  const positions = positionsBetween(gap.before, gap.after, rows.length);
  const ids = rows.map((row) => row.id ?? newRowId());
  doc.transact(() => {
    for (let start = 0; start < rows.length; start += BLOCK_ROWS) {
      const slice = rows.slice(start, start + BLOCK_ROWS);
      const columns = [...new Set(slice.flatMap((row) => Object.keys(row.cells)))] as ColumnId[];
      const block: Block = {
        columns,
        rows: slice.map((row, i) => [
          ids[start + i] as RowId,
          positions[start + i] as string,
          ...columns.map((c) => checkedValue(row.cells[c] ?? null)),
        ]),
      };
      blocksMap(doc).set(randomId(8), JSON.stringify(block));
    }
  }, origin);
  return ids;
}

/**
 * insertRows for rows given as arrays of values in `columns` order (imports of many rows: no
 * object per row). Returns their ids and positions.
 */
export function insertValueRows(
  doc: Y.Doc,
  columns: ColumnId[],
  rows: CellValue[][],
  gap: Gap,
  origin: unknown,
): { ids: RowId[]; positions: string[] } {
  if (rows.length === 0) return { ids: [], positions: [] };
  const positions = positionsBetween(gap.before, gap.after, rows.length);
  const ids = newRowIds(rows.length);
  doc.transact(() => {
    for (let start = 0; start < rows.length; start += BLOCK_ROWS) {
      const slice = rows.slice(start, start + BLOCK_ROWS);
      const blockRows = new Array<[RowId, string, ...CellValue[]]>(slice.length);
      for (let i = 0; i < slice.length; i++) {
        const values = slice[i] as CellValue[];
        const row = new Array<CellValue>(columns.length + 2) as [RowId, string, ...CellValue[]];
        row[0] = ids[start + i] as RowId;
        row[1] = positions[start + i] as string;
        for (let c = 0; c < columns.length; c++) row[c + 2] = checkedValue(values[c] ?? null);
        blockRows[i] = row;
      }
      const block: Block = { columns, rows: blockRows };
      blocksMap(doc).set(randomId(8), JSON.stringify(block));
    }
  }, origin);
  return { ids, positions };
}

/**
 * Stores rows already laid out as a block holds them (`[id, position, ...values in columns
 * order]`, see Block) as one new block, for importers that build each row in place instead of
 * handing values to insertValueRows to be copied. The caller makes the ids and the positions
 * (ascending, after the rows before them); the values are checked here, before anything is written.
 */
export function insertBlock(doc: Y.Doc, columns: ColumnId[], rows: Block["rows"], origin: unknown): void {
  if (rows.length === 0) return;
  for (const row of rows) for (let c = 2; c < row.length; c++) checkedValue(row[c] as CellValue);
  const block: Block = { columns, rows };
  const text = JSON.stringify(block);
  doc.transact(() => {
    blocksMap(doc).set(randomId(8), text);
  }, origin);
}

/** Writes cell values, each as its own last-writer-wins entry. Writing a value a cell already has is skipped by callers that know it. */
export function setCells(doc: Y.Doc, edits: CellEdit[], origin: unknown): void {
  if (edits.length === 0) return;
  doc.transact(() => {
    const cells = cellsMap(doc);
    for (const edit of edits) cells.set(cellKey(edit.rowId, edit.columnId), checkedValue(edit.value));
  }, origin);
}

export function deleteRows(doc: Y.Doc, rowIds: RowId[], origin: unknown): void {
  if (rowIds.length === 0) return;
  doc.transact(() => {
    const cells = cellsMap(doc);
    for (const id of rowIds) cells.set(cellKey(id, DELETED), true);
  }, origin);
}

/** Brings back deleted rows (the opposite of deleteRows, for restore and undo-like tools). */
export function restoreRows(doc: Y.Doc, rowIds: RowId[], origin: unknown): void {
  doc.transact(() => {
    const cells = cellsMap(doc);
    for (const id of rowIds) cells.delete(cellKey(id, DELETED));
  }, origin);
}

/** Moves rows, keeping their given order, into the gap. */
export function moveRows(doc: Y.Doc, rowIds: RowId[], gap: Gap, origin: unknown): void {
  if (rowIds.length === 0) return;
  const positions = positionsBetween(gap.before, gap.after, rowIds.length);
  doc.transact(() => {
    const cells = cellsMap(doc);
    rowIds.forEach((id, i) => {
      cells.set(cellKey(id, POSITION), positions[i] as string);
    });
  }, origin);
}

function checkedValue(value: CellValue): CellValue {
  if (typeof value === "string" && value.length > limits.maxCellChars) {
    throw new RangeError(`a cell holds at most ${limits.maxCellChars} characters`);
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("a number cell must be finite");
  return value;
}
