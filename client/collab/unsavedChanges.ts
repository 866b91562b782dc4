/**
 * The cells this device changed since the server last acknowledged everything it had sent: if the
 * session ends now (rights dropped, dataset reset), these may never reach the server, and the
 * person must be able to see and copy them. `cells()` gives them with their values here.
 */
import type * as Y from "yjs";
import { type CellValue, type DatasetView, DELETED, POSITION } from "../../shared/dataset/index.ts";
import { onLocalCellChanges } from "../../shared/dataset/localChanges.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";

/** One changed cell: its row's number in the table (null once deleted), column name and value here. */
export type UnsavedCell = {
  rowId: RowId;
  row: number | null;
  columnId: string;
  column: string;
  /** The value on this device; for a deleted or restored row, whether it is deleted. */
  value: CellValue | undefined;
  kind: "value" | "deleted" | "restored" | "added-or-moved";
};

export class UnsavedChanges {
  private readonly keys = new Map<string, { rowId: RowId; columnId: string }>();
  private readonly stop: () => void;
  private readonly view: () => DatasetView;

  constructor(doc: Y.Doc, view: () => DatasetView) {
    this.view = view;
    this.stop = onLocalCellChanges(doc, (cells) => {
      for (const cell of cells)
        this.keys.set(`${cell.rowId}:${cell.columnId}`, cell as { rowId: RowId; columnId: string });
    });
  }

  /** Everything sent so far is acknowledged. */
  confirm(): void {
    this.keys.clear();
  }

  cells(): UnsavedCell[] {
    const view = this.view();
    const order = new Map(view.rowsInOrder().map((row, i) => [row.id, i + 1]));
    const names = new Map(view.columns().map((c) => [c.id as string, c.name]));
    const out: UnsavedCell[] = [];
    for (const { rowId, columnId } of this.keys.values()) {
      const row = view.row(rowId);
      const base = { rowId, row: order.get(rowId) ?? null, columnId };
      if (columnId === DELETED) {
        out.push({ ...base, column: "", value: undefined, kind: row ? "restored" : "deleted" });
      } else if (columnId === POSITION) {
        // A new row's values are listed with its cells; a move alone is listed once.
        if (![...this.keys.values()].some((k) => k.rowId === rowId && k.columnId !== POSITION))
          out.push({ ...base, column: "", value: undefined, kind: "added-or-moved" });
      } else {
        const value = row?.cells[columnId as ColumnId];
        out.push({ ...base, column: names.get(columnId) ?? columnId, value, kind: "value" });
      }
    }
    return out.sort((a, b) => (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER));
  }

  destroy(): void {
    this.stop();
  }
}

/** The changes as tab-separated text (row, column, value), with a header line, for the clipboard. */
export function unsavedAsTsv(
  cells: UnsavedCell[],
  header: [string, string, string],
  words: Record<UnsavedCell["kind"], string>,
): string {
  const clean = (text: string) => text.replace(/[\t\r\n]+/g, " ");
  const lines = cells.map((cell) => {
    const value =
      cell.kind === "value"
        ? cell.value === null || cell.value === undefined
          ? ""
          : String(cell.value)
        : words[cell.kind];
    return [cell.row === null ? "" : String(cell.row), clean(cell.column), clean(value)].join("\t");
  });
  return [header.join("\t"), ...lines].join("\n");
}

/**
 * Of `cells` (listed by a session that ended), those the server does not hold as they were here,
 * read from a fresh session's view once it has synced. Columns are matched by name: a reset
 * dataset gives its columns new ids.
 */
export function notOnServer(cells: UnsavedCell[], server: DatasetView): UnsavedCell[] {
  const byName = new Map(server.columns().map((c) => [c.name, c.id as string]));
  return cells.filter((cell) => {
    const row = server.row(cell.rowId);
    if (cell.kind === "deleted") return row !== undefined;
    if (cell.kind === "restored" || cell.kind === "added-or-moved") return row === undefined;
    const columnId = byName.get(cell.column) ?? cell.columnId;
    return (row?.cells[columnId as ColumnId] ?? null) !== (cell.value ?? null);
  });
}
