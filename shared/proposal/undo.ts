import * as Y from "yjs";
import { deletedRowsMap, newRowsMap, proposalCellsMap } from "./maps.ts";

/** One contributor's undo history over a proposal: their own edits (made under `origin`), one step per transaction. */
export function proposalUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
  return new Y.UndoManager([proposalCellsMap(doc), newRowsMap(doc), deletedRowsMap(doc)], {
    trackedOrigins: new Set([origin]),
    captureTimeout: 0,
  });
}

/** Calls `listener` after every transaction that changed the proposal (any origin). */
export function onProposalChange(doc: Y.Doc, listener: (origin: unknown) => void): () => void {
  const roots = new Set<object>([proposalCellsMap(doc), newRowsMap(doc), deletedRowsMap(doc)]);
  const handler = (transaction: Y.Transaction) => {
    for (const type of transaction.changed.keys()) if (roots.has(type)) return listener(transaction.origin);
  };
  doc.on("afterTransaction", handler);
  return () => doc.off("afterTransaction", handler);
}
