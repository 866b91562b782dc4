/** Moving rows in the stored order: by dragging a row's handle, or Alt+Up/Down on the focused row. */
import type { GridApi, RowDragEndEvent } from "ag-grid-community";
import type { DatasetWriter, Row, RowsView } from "../../shared/dataset/index.ts";
import type { RowId } from "../../shared/ids.ts";

/** The row before `rowId` in the stored order (null: it is first). */
export function rowBefore(view: RowsView, rowId: RowId): RowId | null {
  const rows = view.rowsInOrder();
  const index = rows.findIndex((r) => r.id === rowId);
  return index > 0 ? (rows[index - 1]?.id ?? null) : null;
}

/** Moves rows, in their given order, to sit after `after` (null: first). */
export function moveRowsTo(view: RowsView, writer: DatasetWriter, ids: RowId[], after: RowId | null): void {
  if (after !== null && ids.includes(after)) return;
  writer.moveRows(ids, view.gapAfter(after));
}

/** A row drag ended (unmanaged): the dragged rows go where they were dropped. */
export function moveDroppedRows(event: RowDragEndEvent<Row>, view: RowsView, writer: DatasetWriter): void {
  const over = event.overNode?.data;
  const moving = (event.nodes.length ? event.nodes : [event.node]).map((n) => n.data).filter((d) => d !== undefined);
  if (!over || moving.some((r) => r.id === over.id)) return;
  const from = event.node.rowIndex ?? 0;
  const to = event.overIndex;
  moveRowsTo(
    view,
    writer,
    moving.map((r) => r.id),
    to > from ? over.id : rowBefore(view, over.id),
  );
}

/** Moves the focused row one place up or down and keeps the focus on it. Returns whether a row was focused. */
export function moveFocusedRow(
  api: GridApi<Row>,
  view: RowsView,
  writer: DatasetWriter,
  direction: "up" | "down",
): boolean {
  const focused = api.getFocusedCell();
  const node = focused ? api.getDisplayedRowAtIndex(focused.rowIndex) : undefined;
  if (!focused || !node?.data) return false;
  const neighbour = api.getDisplayedRowAtIndex(focused.rowIndex + (direction === "up" ? -1 : 1));
  if (!neighbour?.data) return true;
  const after = direction === "down" ? neighbour.data.id : rowBefore(view, neighbour.data.id);
  moveRowsTo(view, writer, [node.data.id], after);
  api.flushAsyncTransactions();
  const index = api.getRowNode(node.data.id)?.rowIndex;
  if (index != null) api.setFocusedCell(index, focused.column);
  return true;
}
