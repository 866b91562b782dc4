/**
 * One person's writes to a dataset, behind an interface: the grid and the columns dialog write
 * through a DatasetWriter and never name a document, so the same UI can later write to the dataset
 * itself or to a proposal. `documentWriter` is the dataset's own: the typed accessors of this
 * folder, each call one transaction under the writer's origin (the one the undo history tracks).
 */
import type * as Y from "yjs";
import type { ColumnId, RowId } from "../ids.ts";
import { addColumns, type ColumnPatch, deleteColumn, moveColumn, type NewColumn, updateColumn } from "./columns.ts";
import { addRows, type CellEdit, deleteRows, type Gap, moveRows, type NewRow, restoreRows, setCells } from "./rows.ts";

export interface DatasetWriter {
  /** Writes cell values (see setCells). */
  setCells(edits: CellEdit[]): void;
  /** Adds rows as cells into the gap (see addRows); returns their ids. */
  addRows(rows: NewRow[], gap: Gap): RowId[];
  deleteRows(rowIds: RowId[]): void;
  restoreRows(rowIds: RowId[]): void;
  moveRows(rowIds: RowId[], gap: Gap): void;
  /** Adds columns at the end, or after `after`; returns their ids. */
  addColumns(columns: NewColumn[], after?: ColumnId): ColumnId[];
  updateColumn(id: ColumnId, patch: ColumnPatch): void;
  /** Moves a column to sit after `after` (null: first). */
  moveColumn(id: ColumnId, after: ColumnId | null): void;
  deleteColumn(id: ColumnId): void;
  /** Runs several writes as one change: one update, one step of undo. False: refused whole, nothing written. */
  transact(writes: () => void): boolean;
}

/** Writes straight into `doc`, every change under `origin`. */
export function documentWriter(doc: Y.Doc, origin: unknown): DatasetWriter {
  return {
    setCells: (edits) => setCells(doc, edits, origin),
    addRows: (rows, gap) => addRows(doc, rows, gap, origin),
    deleteRows: (rowIds) => deleteRows(doc, rowIds, origin),
    restoreRows: (rowIds) => restoreRows(doc, rowIds, origin),
    moveRows: (rowIds, gap) => moveRows(doc, rowIds, gap, origin),
    addColumns: (columns, after) => addColumns(doc, columns, origin, after),
    updateColumn: (id, patch) => updateColumn(doc, id, patch, origin),
    moveColumn: (id, after) => moveColumn(doc, id, after, origin),
    deleteColumn: (id) => deleteColumn(doc, id, origin),
    transact: (writes) => {
      doc.transact(writes, origin);
      return true;
    },
  };
}
