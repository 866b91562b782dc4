/**
 * Writes converted rows into a dataset document as row blocks (insertValueRows), each block within
 * the document's limit on block size: rows go in batches of at most BLOCK_ROWS rows and a quarter
 * of `limits.maxBlockChars`, each batch appended after the last.
 */
import type * as Y from "yjs";
import { BLOCK_ROWS, type CellValue, insertValueRows } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";

const MAX_BATCH_CHARS = limits.maxBlockChars / 4;

export function appendRows(
  doc: Y.Doc,
  columnIds: ColumnId[],
  rows: CellValue[][],
  after: string | null,
  origin: unknown,
  onProgress?: (rowsWritten: number) => void,
): RowId[] {
  const ids: RowId[] = [];
  let before = after;
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let chars = 0;
    while (end < rows.length && end - start < BLOCK_ROWS) {
      const row = rows[end] as CellValue[];
      let size = 40;
      for (const v of row) size += typeof v === "string" ? v.length + 3 : 8;
      if (end > start && chars + size > MAX_BATCH_CHARS) break;
      chars += size;
      end++;
    }
    const batch = rows.slice(start, end);
    const inserted = insertValueRows(doc, columnIds, batch, { before, after: null }, origin);
    for (const id of inserted.ids) ids.push(id);
    onProgress?.(ids.length);
    // The next batch goes after this one's last row.
    before = inserted.positions.at(-1) as string;
    start = end;
  }
  return ids;
}
