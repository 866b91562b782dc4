/**
 * Writing straight into a dataset's stored document, as an old document (or a gap in the update
 * rules) may have left it: tests of readers and of the owner's repair start from such documents.
 * The document must not be loaded by the server meanwhile (its next compaction would not hold it).
 */
import path from "node:path";
import * as Y from "yjs";
import { openSqliteStorage } from "../storage/sqlite.ts";

/** Applies `write` to the stored document of `documentName` and appends the change to its log. */
export async function writeStoredDocument(dataDir: string, documentName: string, write: (doc: Y.Doc) => void) {
  const storage = openSqliteStorage(path.join(dataDir, "data-patch.sqlite"));
  try {
    const { snapshot, updates } = await storage.documents.load(documentName);
    const doc = new Y.Doc();
    for (const update of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => write(doc));
    await storage.documents.append(documentName, Y.encodeStateAsUpdate(doc, before));
    doc.destroy();
  } finally {
    storage.close();
  }
}

/** Content of every kind a reader skips: a block that is JSON null, a cell that is a Y.Text, an unknown root, a nameless column, unknown metadata. */
export function writeOutsideSchema(doc: Y.Doc, cell: string): void {
  doc.getMap("blocks").set("00000000", "null"); // the 474-byte update of issue 7
  doc.getMap("cells").set(cell, new Y.Text("not a cell value"));
  doc.getMap("junk").set("k", 1);
  const column = new Y.Map<unknown>();
  doc.getMap("columns").set("nameless", column);
  column.set("position", "a0");
  doc.getMap("meta").set("bogus", 1);
}
