/**
 * Keys on the grid beyond AG Grid's own (when no cell is being edited): Shift+arrow grows the
 * selected block; Delete/Backspace clears every cell of the block in one step; Ctrl+Z / Ctrl+Y
 * (or Ctrl+Shift+Z) undo and redo; Alt+Up/Down moves the focused row while the stored order is shown;
 * Space toggles a yes/no cell; Alt+Enter opens the link of a URL or email cell (for readers too).
 */
import type { GridApi } from "ag-grid-community";
import { type KeyboardEvent, type RefObject, useCallback } from "react";
import type { CellEdit, DatasetWriter, Row, RowsView } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { openFocusedLink } from "./cells/openFocusedLink.ts";
import { toggleFocusedBoolean } from "./cells/toggleBoolean.ts";
import { moveFocusedRow } from "./rowMoves.ts";
import type { Bounds, CellBlock } from "./useCellBlock.ts";

export type GridKeyboard = {
  apiRef: RefObject<GridApi<Row> | null>;
  block: CellBlock;
  view: RowsView;
  writer: DatasetWriter;
  canEditCells: boolean;
  manualOrder: boolean;
  undo: () => void;
  redo: () => void;
};

export function useGridKeyboard({ apiRef, block, view, writer, canEditCells, manualOrder, undo, redo }: GridKeyboard) {
  return useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const api = apiRef.current;
      block.trackShift(event.shiftKey);
      if (!api || api.getEditingCells().length > 0) return;
      if (block.extendWithArrow(api, event)) return;
      if (event.key === "Enter" && event.altKey && openFocusedLink(api)) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      if (!canEditCells) return;
      const bounds = block.bounds.current;
      if ((event.key === "Delete" || event.key === "Backspace") && bounds) {
        event.preventDefault();
        event.stopPropagation();
        writer.setCells(clearingEdits(api, bounds));
        return;
      }
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === " " && !mod && !event.altKey && !event.shiftKey && toggleFocusedBoolean(api, writer)) {
        event.preventDefault();
        event.stopPropagation();
      } else if (mod && key === "z" && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if (mod && (key === "y" || (key === "z" && event.shiftKey))) {
        event.preventDefault();
        redo();
      } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && manualOrder) {
        if (moveFocusedRow(api, view, writer, event.key === "ArrowUp" ? "up" : "down")) {
          event.preventDefault();
          event.stopPropagation();
        }
      }
    },
    [apiRef, block, view, writer, canEditCells, manualOrder, undo, redo],
  );
}

/** Edits that empty the block's non-empty cells. */
function clearingEdits(api: GridApi<Row>, bounds: Bounds): CellEdit[] {
  const edits: CellEdit[] = [];
  for (let r = bounds.top; r <= bounds.bottom; r++) {
    const row = api.getDisplayedRowAtIndex(r)?.data;
    if (!row) continue;
    for (const columnId of bounds.columns) {
      if ((row.cells[columnId as ColumnId] ?? null) !== null) {
        edits.push({ rowId: row.id, columnId: columnId as ColumnId, value: null });
      }
    }
  }
  return edits;
}
