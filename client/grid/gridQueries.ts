/** What the grid shows right now, read from AG Grid's API: displayed dataset columns, the focused row. */
import type { CellFocusedEvent, GridApi } from "ag-grid-community";
import type { Column, Row } from "../../shared/dataset/index.ts";
import type { RowId } from "../../shared/ids.ts";
import type { ColumnContext } from "./columnDefs.ts";

/** The dataset columns as displayed, left to right (no position, handle or selection column). */
export function displayedDataColumns(api: GridApi<Row>): Column[] {
  return api
    .getAllDisplayedColumns()
    .map((c) => (c.getColDef().context as ColumnContext | undefined)?.column)
    .filter((c) => c !== undefined);
}

/** The id of the row holding the focused cell, if any. */
export function focusedRowId(api: GridApi<Row> | null): RowId | null {
  const focused = api?.getFocusedCell();
  if (!api || !focused) return null;
  return api.getDisplayedRowAtIndex(focused.rowIndex)?.data?.id ?? null;
}

/** The focused cell's row and dataset column (null: no cell of a dataset column is focused). */
export function focusedDataCell(api: GridApi<Row>): { row: Row; column: Column } | null {
  const focused = api.getFocusedCell();
  if (!focused) return null;
  const column = displayedDataColumns(api).find((c) => c.id === focused.column.getColId());
  const row = api.getDisplayedRowAtIndex(focused.rowIndex)?.data;
  return column && row ? { row, column } : null;
}

/** The grid column id a focus event is on (null: none, e.g. a header). */
export function focusedColumnId(event: CellFocusedEvent<Row>): string | null {
  return typeof event.column === "object" && event.column ? event.column.getColId() : null;
}

/** Every row after the grid's filter and sort, in displayed order. */
export function displayedRows(api: GridApi<Row>): Row[] {
  const rows: Row[] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data) rows.push(node.data);
  });
  return rows;
}

/** Scrolls to a row and focuses its first dataset cell (after pending transactions are applied). */
export function focusRow(api: GridApi<Row> | null, rowId: RowId): void {
  if (!api) return;
  api.flushAsyncTransactions();
  const node = api.getRowNode(rowId);
  const first = api.getAllDisplayedColumns().find((c) => (c.getColDef().context as ColumnContext | undefined)?.column);
  if (node?.rowIndex == null || !first) return;
  api.ensureIndexVisible(node.rowIndex);
  api.setFocusedCell(node.rowIndex, first);
}
