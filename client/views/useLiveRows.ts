/** The dataset's rows in order and its columns, as React state that follows the document (at most once a frame). */
import { useEffect, useState } from "react";
import type { Column, DatasetView, Row } from "../../shared/dataset/index.ts";

export function useLiveRows(view: DatasetView): { rows: readonly Row[]; columns: readonly Column[] } {
  const [state, setState] = useState(() => ({ rows: view.rowsInOrder(), columns: view.columns() }));
  useEffect(() => {
    let frame = 0;
    const stop = view.onChange(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setState({ rows: view.rowsInOrder(), columns: view.columns() });
      });
    });
    return () => {
      stop();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [view]);
  return state;
}
