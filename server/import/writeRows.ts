/**
 * Writes converted rows into a dataset document as row blocks (insertValueRows), each block within
 * the document's limit on block size: rows go in batches of at most BLOCK_ROWS rows and a quarter
 * of `limits.maxBlockChars`, each batch appended after the last. Rows may come one at a time from
 * a source (a RowReader): only one batch of them is held at once.
 */
import type * as Y from "yjs";
import { BLOCK_ROWS, type CellValue, insertValueRows } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";

const MAX_BATCH_CHARS = limits.maxBlockChars / 4;

/** Rows given all at once, or as their count and a function that makes row `i`. */
export type RowSource = CellValue[][] | { count: number; row: (i: number) => CellValue[] };

export function appendRows(
  doc: Y.Doc,
  columnIds: ColumnId[],
  rows: RowSource,
  after: string | null,
  origin: unknown,
  onProgress?: (rowsWritten: number) => void,
): RowId[] {
  const count = Array.isArray(rows) ? rows.length : rows.count;
  const rowAt = Array.isArray(rows) ? (i: number) => rows[i] as CellValue[] : rows.row;
  const ids: RowId[] = [];
  let before = after;
  let next = 0;
  // A row made for the previous batch that did not fit in it.
  let pending: CellValue[] | null = null;
  while (next < count || pending) {
    const batch: CellValue[][] = [];
    let chars = 0;
    while (batch.length < BLOCK_ROWS && (pending || next < count)) {
      const row: CellValue[] = pending ?? rowAt(next++);
      pending = null;
      let size = 40;
      for (const v of row) size += typeof v === "string" ? v.length + 3 : 8;
      if (batch.length > 0 && chars + size > MAX_BATCH_CHARS) {
        pending = row;
        break;
      }
      chars += size;
      batch.push(row);
    }
    const inserted = insertValueRows(doc, columnIds, batch, { before, after: null }, origin);
    for (const id of inserted.ids) ids.push(id);
    onProgress?.(ids.length);
    // The next batch goes after this one's last row.
    before = inserted.positions.at(-1) as string;
  }
  return ids;
}
