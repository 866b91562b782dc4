/** The dataset's own writer: each operation reaches the document under the writer's origin, so this person's undo covers it. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { ColumnId } from "../ids.ts";
import { DatasetView, datasetUndoManager, documentWriter, initializeDataset } from "./index.ts";

const ORIGIN = { source: "me" };

function dataset() {
  const doc = new Y.Doc();
  const [name] = initializeDataset(doc, { meta: { title: "T" }, columns: [{ name: "Name" }] }, "setup") as [ColumnId];
  const view = new DatasetView(doc);
  const undo = datasetUndoManager(doc, ORIGIN);
  const origins: unknown[] = [];
  doc.on("afterTransaction", (tr: Y.Transaction) => origins.push(tr.origin));
  return { doc, view, undo, name, origins, writer: documentWriter(doc, ORIGIN) };
}

describe("documentWriter", () => {
  it("writes rows and cells under its origin", () => {
    const { view, name, origins, writer } = dataset();
    const [a, b] = writer.addRows([{ cells: { [name]: "a" } }, { cells: { [name]: "b" } }], view.gapAtEnd());
    if (!a || !b) throw new Error("two rows expected");
    writer.setCells([{ rowId: a, columnId: name, value: "A" }]);
    writer.moveRows([a], view.gapAfter(b));
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["b", "A"]);
    writer.deleteRows([b]);
    expect(view.rowCount).toBe(1);
    writer.restoreRows([b]);
    expect(view.row(b)?.cells[name]).toBe("b");
    expect(origins.length).toBe(5);
    expect(origins.every((o) => o === ORIGIN)).toBe(true);
  });

  it("writes columns under its origin", () => {
    const { view, name, origins, writer } = dataset();
    const [city] = writer.addColumns([{ name: "City", type: "text" }]);
    if (!city) throw new Error("a column expected");
    writer.updateColumn(city, { name: "Town", type: "choice", choices: ["Lyon"] });
    writer.moveColumn(city, null);
    expect(view.columns().map((c) => [c.name, c.type])).toEqual([
      ["Town", "choice"],
      ["Name", "text"],
    ]);
    writer.deleteColumn(name);
    expect(view.columns().map((c) => c.name)).toEqual(["Town"]);
    expect(origins.every((o) => o === ORIGIN)).toBe(true);
  });

  it("makes several writes one change: one update, one step of undo", () => {
    const { doc, view, undo, name, writer, origins } = dataset();
    const [first] = writer.addRows([{ cells: { [name]: "first" } }], view.gapAtEnd());
    undo.stopCapturing();
    if (!first) throw new Error("a row expected");
    const before = origins.length;
    let updates = 0;
    doc.on("update", () => updates++);
    writer.transact(() => {
      writer.setCells([{ rowId: first, columnId: name, value: "changed" }]);
      writer.addRows([{ cells: { [name]: "new" } }], view.gapAtEnd());
    });
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["changed", "new"]);
    expect(origins.length - before).toBe(1);
    expect(updates).toBe(1);
    undo.undo();
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["first"]);
  });
});
