/** The dataset's columns and its number of live rows, as React state that follows the document. */
import { useEffect, useState } from "react";
import type { Column, RowsView } from "../../shared/dataset/index.ts";

export function useDatasetShape(view: RowsView): { columns: readonly Column[]; rowCount: number } {
  const [columns, setColumns] = useState<readonly Column[]>(() => view.columns());
  const [rowCount, setRowCount] = useState(view.rowCount);
  useEffect(() => {
    return view.onChange((change) => {
      if (change.columnsChanged) setColumns(view.columns());
      if (change.added.length || change.removed.length) setRowCount(view.rowCount);
    });
  }, [view]);
  return { columns, rowCount };
}
