/**
 * Writes converted rows into a dataset document as row blocks (insertBlock), each block within
 * the document's limit on block size: rows go in blocks of at most BLOCK_ROWS rows and a quarter
 * of `limits.maxBlockChars`, each block appended after the last. Rows may come one at a time from
 * a source (a RowReader) that writes each row's values straight into the row as the block stores
 * it: only one block of rows is held at once, and no row is copied.
 */
import type * as Y from "yjs";
import { BLOCK_ROWS, type Block, type CellValue, insertBlock, positionsBetween } from "../../shared/dataset/index.ts";
import { type ColumnId, newRowIds, type RowId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";

const MAX_BATCH_CHARS = limits.maxBlockChars / 4;

/**
 * Rows given all at once, or as their count and a function that writes row `i`'s values (in
 * `columnIds` order) into `out` from `offset` on.
 */
export type RowSource = CellValue[][] | { count: number; into: (i: number, out: CellValue[], offset: number) => void };

type StoredRow = Block["rows"][number];

export function appendRows(
  doc: Y.Doc,
  columnIds: ColumnId[],
  rows: RowSource,
  after: string | null,
  origin: unknown,
  onProgress?: (rowsWritten: number) => void,
): RowId[] {
  const width = columnIds.length;
  const count = Array.isArray(rows) ? rows.length : rows.count;
  const into = Array.isArray(rows)
    ? (i: number, out: CellValue[], offset: number) => {
        const values = rows[i] as CellValue[];
        for (let c = 0; c < width; c++) out[offset + c] = values[c] ?? null;
      }
    : rows.into;
  const ids: RowId[] = [];
  let before = after;
  let next = 0;
  // A row made for the previous block that did not fit in it.
  let pending: StoredRow | null = null;
  while (next < count || pending) {
    const size = Math.min(BLOCK_ROWS, count - next + (pending ? 1 : 0));
    const rowIds = newRowIds(size);
    const positions = positionsBetween(before, null, size);
    const block: StoredRow[] = [];
    let chars = 0;
    while (block.length < size) {
      let row: StoredRow | null = pending;
      pending = null;
      if (!row) {
        row = new Array(width + 2) as StoredRow;
        into(next++, row, 2);
      }
      row[0] = rowIds[block.length] as RowId;
      row[1] = positions[block.length] as string;
      let rowChars = 40;
      for (let c = 2; c < row.length; c++) {
        const v = row[c];
        rowChars += typeof v === "string" ? v.length + 3 : 8;
      }
      if (block.length > 0 && chars + rowChars > MAX_BATCH_CHARS) {
        pending = row;
        break;
      }
      chars += rowChars;
      block.push(row);
    }
    insertBlock(doc, columnIds, block, origin);
    for (const row of block) ids.push(row[0]);
    onProgress?.(ids.length);
    // The next block goes after this one's last row.
    before = (block.at(-1) as StoredRow)[1];
  }
  return ids;
}
