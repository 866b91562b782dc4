/**
 * How many rows the grid shows once search and filters are applied, or null when neither is on
 * (then the toolbar says "1,800 rows"; with them, "3 of 1,800 rows").
 */
import type { GridApi } from "ag-grid-community";
import { useEffect, useState } from "react";
import type { Row } from "../../../shared/dataset/index.ts";

export function useShownRows(api: GridApi<Row> | null): number | null {
  const [shown, setShown] = useState<number | null>(null);
  useEffect(() => {
    if (!api || api.isDestroyed()) return;
    const update = () => {
      if (!api.isDestroyed()) setShown(api.isAnyFilterPresent() ? api.getDisplayedRowCount() : null);
    };
    update();
    // The displayed rows change after every filter, search, and transaction of rows.
    api.addEventListener("modelUpdated", update);
    return () => {
      if (!api.isDestroyed()) api.removeEventListener("modelUpdated", update);
    };
  }, [api]);
  return shown;
}
