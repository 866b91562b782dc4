/** Space toggles a yes/no cell, as a checkbox would. */
import type { GridApi } from "ag-grid-community";
import type { CellValue, DatasetWriter, Row } from "../../../shared/dataset/index.ts";
import { focusedDataCell } from "../gridQueries.ts";

/** What Space makes of a yes/no value: empty and no become yes, yes becomes no; text kept after a retype is left alone (null). */
export function toggledBoolean(value: CellValue): boolean | null {
  if (value === true) return false;
  if (value === false || value === null) return true;
  return null;
}

/** Space on a focused yes/no cell: writes the toggled value. Returns whether the focused cell is a yes/no cell. */
export function toggleFocusedBoolean(api: GridApi<Row>, writer: DatasetWriter): boolean {
  const cell = focusedDataCell(api);
  if (cell?.column.type !== "boolean") return false;
  const { row, column } = cell;
  const next = toggledBoolean(row.cells[column.id] ?? null);
  if (next !== null) writer.setCells([{ rowId: row.id, columnId: column.id, value: next }]);
  return true;
}
