/** A column header dragged in the grid: the move is written to the document (the grid's order follows it). */
import type { ColumnMovedEvent } from "ag-grid-community";
import type { DatasetWriter, Row, RowsView } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import type { ColumnContext } from "./columnDefs.ts";
import { movedColumn } from "./gridOps.ts";

export function writeColumnMove(event: ColumnMovedEvent<Row>, view: RowsView, writer: DatasetWriter): void {
  if (!event.finished || (event.source !== "uiColumnMoved" && event.source !== "uiColumnDragged")) return;
  const displayed = event.api
    .getAllGridColumns()
    .map((c) => (c.getColDef().context as ColumnContext | undefined)?.column.id as string | undefined)
    .filter((id) => id !== undefined);
  const model = view.columns().map((c) => c.id as string);
  const move = movedColumn(model, displayed);
  if (move) writer.moveColumn(move.id as ColumnId, move.after as ColumnId | null);
}
