/**
 * This person's selected block of cells (AG Grid Community has no range selection): from an anchor
 * to the focused cell, grown by focusing with Shift held (click or Shift+arrow). Cells inside a
 * block of more than one cell are marked (the `inBlock` rule of the column definitions).
 */
import type { GridApi } from "ag-grid-community";
import { type KeyboardEvent, type RefObject, useCallback, useMemo, useRef } from "react";
import type { Row } from "../../shared/dataset/index.ts";
import { displayedDataColumns } from "./gridQueries.ts";

export type CellPosition = { rowIndex: number; columnId: string };
/** A selected block of more than one cell: displayed rows top..bottom, and a set of column ids. */
export type Bounds = { top: number; bottom: number; columns: Set<string> };
type Block = { anchor: CellPosition; end: CellPosition };

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

export type CellBlock = {
  /** The current block, or null when at most one cell is selected. */
  bounds: RefObject<Bounds | null>;
  inBlock: (rowIndex: number | null, columnId: string) => boolean;
  /** Remembers whether Shift is held, from every key and mouse press on the grid. */
  trackShift: (shift: boolean) => void;
  /** A cell got the focus: it ends the block (Shift held) or starts a new one. */
  focused: (api: GridApi<Row>, position: CellPosition) => void;
  /** Shift+arrow moves the focus, which grows the block. Returns whether the key was handled. */
  extendWithArrow: (api: GridApi<Row>, event: KeyboardEvent) => boolean;
};

export function useCellBlock(): CellBlock {
  const blockRef = useRef<Block | null>(null);
  const bounds = useRef<Bounds | null>(null);
  const shiftRef = useRef(false);

  const inBlock = useCallback((rowIndex: number | null, columnId: string) => {
    const b = bounds.current;
    return b !== null && rowIndex !== null && rowIndex >= b.top && rowIndex <= b.bottom && b.columns.has(columnId);
  }, []);

  const trackShift = useCallback((shift: boolean) => {
    shiftRef.current = shift;
  }, []);

  const focused = useCallback((api: GridApi<Row>, position: CellPosition) => {
    const block = blockRef.current;
    blockRef.current =
      shiftRef.current && block ? { anchor: block.anchor, end: position } : { anchor: position, end: position };
    const before = bounds.current;
    bounds.current = blockBounds(api, blockRef.current);
    if (before || bounds.current) api.refreshCells({ force: true });
  }, []);

  const extendWithArrow = useCallback((api: GridApi<Row>, event: KeyboardEvent) => {
    const step = ARROWS[event.key];
    if (!event.shiftKey || event.altKey || !step) return false;
    const focusedCell = api.getFocusedCell();
    const columnsShown = displayedDataColumns(api).map((c) => c.id as string);
    if (!focusedCell) return true;
    const [dr, dc] = step;
    const col = columnsShown.indexOf(focusedCell.column.getColId()) + dc;
    const row = focusedCell.rowIndex + dr;
    event.preventDefault();
    event.stopPropagation();
    if (col < 0 || col >= columnsShown.length || row < 0 || row >= api.getDisplayedRowCount()) return true;
    api.ensureIndexVisible(row);
    api.setFocusedCell(row, columnsShown[col] as string);
    return true;
  }, []);

  return useMemo(
    () => ({ bounds, inBlock, trackShift, focused, extendWithArrow }),
    [inBlock, trackShift, focused, extendWithArrow],
  );
}

function blockBounds(api: GridApi<Row>, block: Block | null): Bounds | null {
  if (!block) return null;
  const ids = displayedDataColumns(api).map((c) => c.id as string);
  const a = ids.indexOf(block.anchor.columnId);
  const b = ids.indexOf(block.end.columnId);
  if (a < 0 || b < 0) return null;
  const top = Math.min(block.anchor.rowIndex, block.end.rowIndex);
  const bottom = Math.max(block.anchor.rowIndex, block.end.rowIndex);
  if (top === bottom && a === b) return null;
  return { top, bottom, columns: new Set(ids.slice(Math.min(a, b), Math.max(a, b) + 1)) };
}
