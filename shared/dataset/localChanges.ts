/**
 * The cells a replica changed itself (typed, undone or redone here, not received): what a client
 * must be able to list when its changes may not have reached the server.
 */
import type * as Y from "yjs";
import { cellsMap } from "./maps.ts";
import { splitCellKey } from "./schema.ts";

export type ChangedCell = { rowId: string; columnId: string };

/** Calls back with the cells each local transaction changed (`_pos` and `_del` included); returns the unsubscribe. */
export function onLocalCellChanges(doc: Y.Doc, callback: (cells: ChangedCell[]) => void): () => void {
  const cells = cellsMap(doc);
  const listener = (transaction: Y.Transaction) => {
    if (!transaction.local) return;
    const keys = (transaction.changed as Map<object, Set<string | null>>).get(cells);
    if (!keys) return;
    const changed: ChangedCell[] = [];
    for (const key of keys) {
      const split = key === null ? null : splitCellKey(key);
      if (split) changed.push({ rowId: split[0], columnId: split[1] });
    }
    if (changed.length > 0) callback(changed);
  };
  doc.on("afterTransaction", listener);
  return () => doc.off("afterTransaction", listener);
}
