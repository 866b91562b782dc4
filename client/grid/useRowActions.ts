/** The toolbar's row actions: add a row at the end, insert one below the focused row, delete the selected rows. */
import type { GridApi } from "ag-grid-community";
import type { TFunction } from "i18next";
import { type RefObject, useCallback } from "react";
import type { DatasetWriter, Row, RowsView } from "../../shared/dataset/index.ts";
import { focusedRowId, focusRow } from "./gridQueries.ts";

export function useRowActions(
  apiRef: RefObject<GridApi<Row> | null>,
  view: RowsView,
  writer: DatasetWriter,
  announce: (text: string) => void,
  t: TFunction,
) {
  const addRow = useCallback(() => {
    const [id] = writer.addRows([{ cells: {} }], view.gapAtEnd());
    if (id) focusRow(apiRef.current, id);
  }, [apiRef, view, writer]);

  const insertRowBelow = useCallback(() => {
    const focused = focusedRowId(apiRef.current);
    const gap = focused ? view.gapAfter(focused) : view.gapAtEnd();
    const [id] = writer.addRows([{ cells: {} }], gap);
    if (id) focusRow(apiRef.current, id);
  }, [apiRef, view, writer]);

  /** The selected rows, or else the focused one. */
  const deleteSelectedRows = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    let ids = api.getSelectedRows().map((r) => r.id);
    if (ids.length === 0) {
      const focused = focusedRowId(api);
      if (focused) ids = [focused];
    }
    if (ids.length === 0) return;
    writer.deleteRows(ids);
    api.deselectAll();
    announce(t("dataset.rowsDeleted", { count: ids.length }));
  }, [apiRef, writer, announce, t]);

  return { addRow, insertRowBelow, deleteSelectedRows };
}
