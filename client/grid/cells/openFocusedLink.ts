/** Alt+Enter on a focused URL or email cell opens its link, as a click would: a new tab that cannot reach back to this page. */
import type { GridApi } from "ag-grid-community";
import type { Row } from "../../../shared/dataset/index.ts";
import { focusedDataCell } from "../gridQueries.ts";
import { linkHref } from "./cellLinks.ts";

/** Returns whether the focused cell had a link to open. */
export function openFocusedLink(api: GridApi<Row>): boolean {
  const cell = focusedDataCell(api);
  if (!cell) return false;
  const { row, column } = cell;
  const href = linkHref(column.type, row.cells[column.id] ?? null);
  if (href === null) return false;
  window.open(href, "_blank", "noopener,noreferrer");
  return true;
}
