/**
 * The order rows are shown in: the stored (manual) order, a hidden sorted position column, unless
 * this person sorts by another column; clearing every sort returns to the stored order.
 */
import type { GridApi } from "ag-grid-community";
import { type RefObject, useCallback, useState } from "react";
import type { Row } from "../../shared/dataset/index.ts";
import { POSITION_COLUMN } from "./columnDefs.ts";

export function useRowOrder(apiRef: RefObject<GridApi<Row> | null>) {
  const [manualOrder, setManualOrder] = useState(true);

  const onSortChanged = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const sorted = api.getColumnState().filter((c) => c.sort);
    if (sorted.length === 0) {
      // Back to no sort: the manual order is the stored position.
      api.applyColumnState({ state: [{ colId: POSITION_COLUMN, sort: "asc" }] });
      return;
    }
    setManualOrder(sorted.length === 1 && sorted[0]?.colId === POSITION_COLUMN);
  }, [apiRef]);

  const backToManualOrder = useCallback(() => {
    apiRef.current?.applyColumnState({
      state: [{ colId: POSITION_COLUMN, sort: "asc" }],
      defaultState: { sort: null },
    });
  }, [apiRef]);

  return { manualOrder, onSortChanged, backToManualOrder };
}
