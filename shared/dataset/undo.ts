import * as Y from "yjs";
import { cellsMap, columnsMap, metaMap } from "./maps.ts";

/**
 * One person's undo history over a dataset: their own edits (made under `origin`), one step per
 * transaction. It covers metadata, columns and cells, never blocks: undoing a block's insertion
 * would delete the block, which the server refuses (its rows would be lost for everyone). Rows a
 * person adds are cells (addRows), so undo takes them away and redo brings them back.
 */
export function datasetUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
  return new Y.UndoManager([metaMap(doc), columnsMap(doc), cellsMap(doc)], {
    trackedOrigins: new Set([origin]),
    captureTimeout: 0,
  });
}
