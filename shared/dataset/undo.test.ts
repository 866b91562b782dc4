/**
 * A person's undo history as the browser session configures it (datasetUndoManager): rows they add
 * are cells, so undo removes them and redo brings them back, and no undo ever deletes a block.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { ColumnId, RowId } from "../ids.ts";
import {
  addRows,
  DatasetView,
  datasetUndoManager,
  deleteRows,
  initializeDataset,
  insertRows,
  roots,
  setCells,
  type ViewChange,
} from "./index.ts";

const ORIGIN = "me";

function dataset() {
  const doc = new Y.Doc();
  const [name, city] = initializeDataset(
    doc,
    { meta: { title: "T" }, columns: [{ name: "Name" }, { name: "City" }] },
    "setup",
  ) as [ColumnId, ColumnId];
  const [first] = insertRows(doc, [{ cells: { [name]: "first" } }], { before: null, after: null }, "setup") as [RowId];
  const view = new DatasetView(doc);
  const undo = datasetUndoManager(doc, ORIGIN);
  const blockDeletes: string[] = [];
  doc.getMap(roots.blocks).observe((event) => {
    for (const [key, change] of event.keys) if (change.action !== "add") blockDeletes.push(key);
  });
  const changes: ViewChange[] = [];
  view.onChange((change) => changes.push(change));
  return { doc, view, undo, name, city, first, blockDeletes, changes };
}

describe("undo and redo of added rows", () => {
  it("adds a row as cells; undo takes it away, redo brings it back", () => {
    const { doc, view, undo, name, first, blockDeletes, changes } = dataset();
    const blocks = doc.getMap(roots.blocks).size;
    const [row] = addRows(doc, [{ cells: { [name]: "added" } }], view.gapAfter(first), ORIGIN) as [RowId];
    expect(doc.getMap(roots.blocks).size).toBe(blocks);
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["first", "added"]);
    expect(changes.at(-1)?.added.map((r) => r.id)).toEqual([row]);

    undo.undo();
    expect(view.row(row)).toBeUndefined();
    expect(view.rowCount).toBe(1);
    expect(changes.at(-1)?.removed).toEqual([row]);

    undo.redo();
    expect(view.row(row)?.cells[name]).toBe("added");
    expect(view.rowsInOrder().map((r) => r.id)).toEqual([first, row]);
    expect(changes.at(-1)?.added.map((r) => r.id)).toEqual([row]);
    expect(blockDeletes).toEqual([]);
    // A view opened now reads the same row from its cells.
    expect(new DatasetView(doc).row(row)).toEqual(view.row(row));
  });

  it("undoes edits of an added row, then the row, one step at a time", () => {
    const { doc, view, undo, name, city } = dataset();
    const [row] = addRows(doc, [{ cells: {} }], view.gapAtEnd(), ORIGIN) as [RowId];
    setCells(doc, [{ rowId: row, columnId: name, value: "Lyon café" }], ORIGIN);
    setCells(doc, [{ rowId: row, columnId: city, value: "Lyon" }], ORIGIN);
    undo.undo();
    expect(view.row(row)?.cells).toEqual({ [name]: "Lyon café" });
    undo.undo();
    expect(view.row(row)?.cells).toEqual({});
    undo.undo();
    expect(view.row(row)).toBeUndefined();
    undo.redo();
    undo.redo();
    undo.redo();
    expect(view.row(row)?.cells).toEqual({ [name]: "Lyon café", [city]: "Lyon" });
  });

  it("takes back a paste (edits and new rows in one transaction) in one step", () => {
    const { doc, view, undo, name, first } = dataset();
    doc.transact(() => {
      setCells(doc, [{ rowId: first, columnId: name, value: "pasted" }], ORIGIN);
      addRows(doc, [{ cells: { [name]: "p1" } }, { cells: { [name]: "p2" } }], view.gapAtEnd(), ORIGIN);
    }, ORIGIN);
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["pasted", "p1", "p2"]);
    undo.undo();
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["first"]);
    undo.redo();
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["pasted", "p1", "p2"]);
  });

  it("brings back deleted rows, and never takes back a block", () => {
    const { doc, view, undo, name, first, blockDeletes } = dataset();
    const [row] = addRows(doc, [{ cells: { [name]: "mine" } }], view.gapAtEnd(), ORIGIN) as [RowId];
    deleteRows(doc, [row, first], ORIGIN);
    expect(view.rowCount).toBe(0);
    undo.undo();
    expect(view.rowsInOrder().map((r) => r.id)).toEqual([first, row]);
    // Rows inserted as a block are not in the history, even under this person's origin: undo takes
    // back the step before (the added row) and the block stays; only the server deletes blocks.
    insertRows(doc, [{ cells: { [name]: "bulk" } }], view.gapAtEnd(), ORIGIN);
    undo.undo();
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["first", "bulk"]);
    expect(blockDeletes).toEqual([]);
  });

  it("shows the undo on another replica", () => {
    const { doc, view, undo, name } = dataset();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    doc.on("update", (update: Uint8Array) => Y.applyUpdate(other, update));
    const otherView = new DatasetView(other);
    const [row] = addRows(doc, [{ cells: { [name]: "added" } }], view.gapAtEnd(), ORIGIN) as [RowId];
    expect(otherView.row(row)?.cells[name]).toBe("added");
    undo.undo();
    expect(otherView.row(row)).toBeUndefined();
    undo.redo();
    expect(otherView.row(row)?.cells[name]).toBe("added");
  });
});
