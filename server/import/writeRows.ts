/**
 * Writes converted rows into a dataset document as row blocks (insertBlock), each block within
 * the document's limit on block size: rows go in blocks of at most BLOCK_ROWS rows and a quarter
 * of `limits.maxBlockChars`, each block appended after the last. Rows are added one at a time,
 * each written by its source straight into the row as the block stores it: only one block of
 * rows is held at once, and no row is copied.
 */
import type * as Y from "yjs";
import { BLOCK_ROWS, type Block, type CellValue, insertBlock, positionsBetween } from "../../shared/dataset/index.ts";
import { type ColumnId, newRowIds, type RowId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";

const MAX_BATCH_CHARS = limits.maxBlockChars / 4;

/** Writes one row's values (in the writer's column order) into `out` from `offset` on. */
export type RowFill = (out: CellValue[], offset: number) => void;

type StoredRow = Block["rows"][number];

export type RowWriter = {
  add: (fill: RowFill) => void;
  /** Writes the last block; the ids of every row added, in order. */
  end: () => RowId[];
};

/** Rows appended after the row at position `after` (null: none), as they are added. */
export function rowWriter(
  doc: Y.Doc,
  columnIds: ColumnId[],
  after: string | null,
  origin: unknown,
  onProgress?: (rowsWritten: number) => void,
): RowWriter {
  const width = columnIds.length;
  const ids: RowId[] = [];
  let before = after;
  let block: StoredRow[] = [];
  let chars = 0;
  const flush = () => {
    if (block.length === 0) return;
    const rowIds = newRowIds(block.length);
    const positions = positionsBetween(before, null, block.length);
    for (let i = 0; i < block.length; i++) {
      const row = block[i] as StoredRow;
      row[0] = rowIds[i] as RowId;
      row[1] = positions[i] as string;
      ids.push(row[0]);
    }
    insertBlock(doc, columnIds, block, origin);
    // The next block goes after this one's last row.
    before = positions.at(-1) as string;
    block = [];
    chars = 0;
    onProgress?.(ids.length);
  };
  return {
    add(fill) {
      const row = new Array(width + 2) as StoredRow;
      fill(row, 2);
      let rowChars = 40;
      for (let c = 2; c < row.length; c++) {
        const v = row[c];
        rowChars += typeof v === "string" ? v.length + 3 : 8;
      }
      if (block.length > 0 && chars + rowChars > MAX_BATCH_CHARS) flush();
      block.push(row);
      chars += rowChars;
      if (block.length === BLOCK_ROWS) flush();
    },
    end() {
      flush();
      return ids;
    },
  };
}

/**
 * Rows given all at once, or as their count and a function that writes row `i`'s values (in
 * `columnIds` order) into `out` from `offset` on.
 */
export type RowSource = CellValue[][] | { count: number; into: (i: number, out: CellValue[], offset: number) => void };

export function appendRows(
  doc: Y.Doc,
  columnIds: ColumnId[],
  rows: RowSource,
  after: string | null,
  origin: unknown,
  onProgress?: (rowsWritten: number) => void,
): RowId[] {
  const writer = rowWriter(doc, columnIds, after, origin, onProgress);
  if (Array.isArray(rows)) {
    const width = columnIds.length;
    for (const values of rows)
      writer.add((out, offset) => {
        for (let c = 0; c < width; c++) out[offset + c] = values[c] ?? null;
      });
  } else for (let i = 0; i < rows.count; i++) writer.add((out, offset) => rows.into(i, out, offset));
  return writer.end();
}
