/**
 * Rows follow the document: the view's current rows first, then every change, local or remote, as
 * an async grid transaction keyed by row id. Someone else's edits flash briefly, so they are noticed.
 */
import type { GridApi } from "ag-grid-community";
import { useEffect } from "react";
import type { Row, RowsView, ViewChange } from "../../shared/dataset/index.ts";

/** From this many rows added in one change on, the grid reloads its rows instead of applying a transaction. */
const BULK_ROWS = 5000;
/** Above this many updated rows in one remote change, nothing flashes. */
const FLASH_ROWS = 50;

export function useGridRows(api: GridApi<Row> | null, view: RowsView): void {
  useEffect(() => {
    if (!api || api.isDestroyed()) return;
    api.setGridOption("rowData", [...view.rowsInOrder()]);
    return view.onChange((change: ViewChange) => {
      if (api.isDestroyed()) return;
      if (!change.added.length && !change.updated.length && !change.removed.length) return;
      // A first sync brings the whole dataset in one change: giving AG Grid all rows at once is far
      // cheaper than a transaction adding tens of thousands of them.
      if (change.added.length >= BULK_ROWS) {
        api.flushAsyncTransactions();
        api.setGridOption("rowData", [...view.rowsInOrder()]);
        return;
      }
      api.applyTransactionAsync(
        { add: change.added, update: change.updated, remove: change.removed.map((id) => ({ id }) as Row) },
        (result) => {
          if (!change.local && result.update.length > 0 && result.update.length < FLASH_ROWS && !api.isDestroyed()) {
            api.flashCells({ rowNodes: result.update });
          }
        },
      );
    });
  }, [api, view]);
}
