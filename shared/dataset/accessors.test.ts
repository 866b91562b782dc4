import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { ColumnId, RowId } from "../ids.ts";
import { limits } from "../limits.ts";
import {
  addColumns,
  addRows,
  DatasetView,
  deleteColumn,
  deleteRows,
  emptyMeta,
  formatKeywords,
  initializeDataset,
  insertRows,
  keywordList,
  moveColumn,
  moveRows,
  readColumns,
  readMeta,
  restoreRows,
  roots,
  setCells,
  updateColumn,
  updateMeta,
  type ViewChange,
} from "./index.ts";

const ORIGIN = "me";

function dataset() {
  const doc = new Y.Doc();
  const [name, city] = initializeDataset(
    doc,
    { meta: { title: "Help points", licence: "etalab-2.0" }, columns: [{ name: "Name" }, { name: "City" }] },
    ORIGIN,
  ) as [ColumnId, ColumnId];
  const view = new DatasetView(doc);
  return { doc, view, name, city };
}

describe("dataset accessors", () => {
  it("writes metadata and columns, in order, with stable ids", () => {
    const { doc, name, city } = dataset();
    expect(readMeta(doc)).toEqual({ ...emptyMeta(), title: "Help points", licence: "etalab-2.0" });
    const [email] = addColumns(doc, [{ name: "Email", type: "email" }], ORIGIN, name) as [ColumnId];
    expect(readColumns(doc).map((c) => c.id)).toEqual([name, email, city]);
    moveColumn(doc, city, null, ORIGIN);
    updateColumn(doc, email, { name: "Courriel", type: "text" }, ORIGIN);
    expect(readColumns(doc).map((c) => [c.name, c.type])).toEqual([
      ["City", "text"],
      ["Name", "text"],
      ["Courriel", "text"],
    ]);
    deleteColumn(doc, name, ORIGIN);
    expect(readColumns(doc).map((c) => c.id)).toEqual([city, email]);
    updateMeta(doc, { title: "Lieux", keywords: "repair, bikes" }, ORIGIN);
    expect(readMeta(doc).keywords).toBe("repair, bikes");
    expect(readMeta(doc).title).toBe("Lieux");
  });

  it("refuses what breaks the limits, writing nothing", () => {
    const { doc, view, name } = dataset();
    const before = Y.encodeStateVector(doc);
    expect(() => updateColumn(doc, name, { name: " " }, ORIGIN)).toThrow(RangeError);
    expect(() =>
      addColumns(
        doc,
        Array.from({ length: limits.maxColumns }, (_, i) => ({ name: `c${i}` })),
        ORIGIN,
      ),
    ).toThrow(RangeError);
    expect(() =>
      insertRows(doc, [{ cells: { [name]: "x".repeat(limits.maxCellChars + 1) } }], view.gapAtEnd(), ORIGIN),
    ).toThrow(RangeError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("inserts, edits, moves and deletes rows, with one change event per transaction", () => {
    const { doc, view, name, city } = dataset();
    const changes: ViewChange[] = [];
    view.onChange((change) => changes.push(change));
    const [a, b] = insertRows(
      doc,
      [{ cells: { [name]: "A" } }, { cells: { [name]: "B" } }],
      view.gapAtEnd(),
      ORIGIN,
    ) as [RowId, RowId];
    const [c] = insertRows(doc, [{ cells: { [name]: "C" } }], view.gapAfter(a), ORIGIN) as [RowId];
    expect(view.rowsInOrder().map((r) => r.cells[name])).toEqual(["A", "C", "B"]);
    expect(changes.map((ch) => ch.added.length)).toEqual([2, 1]);
    expect(changes[0]).toMatchObject({ origin: ORIGIN, local: true });

    const before = view.row(a);
    setCells(doc, [{ rowId: a, columnId: city, value: "Dijon" }], ORIGIN);
    expect(changes.at(-1)?.updated.map((r) => r.id)).toEqual([a]);
    expect(view.row(a)).not.toBe(before);
    expect(view.row(a)?.cells).toEqual({ [name]: "A", [city]: "Dijon" });
    expect(view.row(b)?.cells[city]).toBeUndefined();

    moveRows(doc, [b], view.gapAfter(null), ORIGIN);
    expect(view.rowsInOrder().map((r) => r.id)).toEqual([b, a, c]);
    deleteRows(doc, [a], ORIGIN);
    expect(changes.at(-1)?.removed).toEqual([a]);
    expect(view.rowsInOrder().map((r) => r.id)).toEqual([b, c]);
    expect(view.rowCount).toBe(2);
  });

  it("adds rows made of cells alone, which read, move, delete and reopen like block rows", () => {
    const { doc, view, name, city } = dataset();
    const [a] = insertRows(doc, [{ cells: { [name]: "A" } }], view.gapAtEnd(), ORIGIN) as [RowId];
    const changes: ViewChange[] = [];
    view.onChange((change) => changes.push(change));
    const blocks = doc.getMap(roots.blocks).size;
    const [b, c] = addRows(
      doc,
      [{ cells: { [name]: "B", [city]: null } }, { cells: { [city]: "Dijon" } }],
      view.gapAtEnd(),
      ORIGIN,
    ) as [RowId, RowId];
    expect(doc.getMap(roots.blocks).size).toBe(blocks);
    // Only the position and the non-empty values are written.
    expect(Object.keys(doc.getMap(roots.cells).toJSON()).sort()).toEqual(
      [`${b}:_pos`, `${b}:${name}`, `${c}:_pos`, `${c}:${city}`].sort(),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]?.added.map((r) => r.id)).toEqual([b, c]);
    expect(view.rowsInOrder().map((r) => r.cells)).toEqual([{ [name]: "A" }, { [name]: "B" }, { [city]: "Dijon" }]);

    moveRows(doc, [c], view.gapAfter(null), ORIGIN);
    expect(view.rowsInOrder().map((r) => r.id)).toEqual([c, a, b]);
    deleteRows(doc, [b], ORIGIN);
    expect(changes.at(-1)?.removed).toEqual([b]);
    expect(new DatasetView(doc).rowsInOrder().map((r) => r.id)).toEqual([c, a]);
    restoreRows(doc, [b], ORIGIN);
    expect(view.rowsInOrder().map((r) => r.id)).toEqual([c, a, b]);
    expect(new DatasetView(doc).rowsInOrder()).toEqual(view.rowsInOrder());
  });

  it("refuses added rows that break the limits or write reserved columns, writing nothing", () => {
    const { doc, view, name } = dataset();
    const before = Y.encodeStateVector(doc);
    expect(() =>
      addRows(doc, [{ cells: { [name]: "x".repeat(limits.maxCellChars + 1) } }], view.gapAtEnd(), ORIGIN),
    ).toThrow(RangeError);
    expect(() => addRows(doc, [{ cells: { ["_del" as ColumnId]: true } }], view.gapAtEnd(), ORIGIN)).toThrow(
      RangeError,
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(view.rowCount).toBe(0);
  });

  it("undoes one person's own edits only", () => {
    const { doc, view, name } = dataset();
    const [row] = insertRows(doc, [{ cells: { [name]: "start" } }], view.gapAtEnd(), "setup") as [RowId];
    const undo = new Y.UndoManager(doc, { trackedOrigins: new Set([ORIGIN]) });
    setCells(doc, [{ rowId: row, columnId: name, value: "mine" }], ORIGIN);
    undo.stopCapturing();
    deleteRows(doc, [row], ORIGIN);
    undo.undo();
    expect(view.row(row)?.cells[name]).toBe("mine");
    undo.undo();
    expect(view.row(row)?.cells[name]).toBe("start");
  });

  it("reads keywords as a list: trimmed, without empty ones or repeats", () => {
    expect(keywordList(" repair,  bikes ,, Repair,Lyon ,  vélo   cargo")).toEqual([
      "repair",
      "bikes",
      "Lyon",
      "vélo cargo",
    ]);
    expect(keywordList("")).toEqual([]);
    expect(formatKeywords("a,b ,, A")).toBe("a, b");
  });
});
