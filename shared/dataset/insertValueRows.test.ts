import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { isRowId, newRowIds } from "../ids.ts";
import { insertValueRows } from "./rows.ts";
import { initializeDataset } from "./upgrade.ts";
import { DatasetView } from "./view.ts";

describe("insertValueRows", () => {
  it("inserts rows given as arrays, in order, in blocks, after a gap", () => {
    const doc = new Y.Doc();
    const [a, b] = initializeDataset(
      doc,
      { meta: { title: "t" }, columns: [{ name: "a" }, { name: "b", type: "number" }] },
      null,
    );
    const columns = [a, b] as NonNullable<typeof a>[];
    const first = insertValueRows(
      doc,
      columns,
      Array.from({ length: 1500 }, (_, i) => [`r${i}`, i]),
      { before: null, after: null },
      null,
    );
    const second = insertValueRows(
      doc,
      columns,
      [["last", null]],
      { before: first.positions.at(-1) as string, after: null },
      null,
    );
    const view = new DatasetView(doc);
    const rows = view.rowsInOrder();
    expect(rows).toHaveLength(1501);
    expect(rows.map((r) => r.id)).toEqual([...first.ids, ...second.ids]);
    expect(rows[1499]?.cells).toEqual({ [a as string]: "r1499", [b as string]: 1499 });
    expect(rows[1500]?.cells[a as never]).toBe("last");
    expect(doc.getMap("blocks").size).toBe(3);
    view.destroy();
  });

  it("refuses a value a cell cannot hold", () => {
    const doc = new Y.Doc();
    const [a] = initializeDataset(doc, { meta: { title: "t" }, columns: [{ name: "a" }] }, null);
    expect(() => insertValueRows(doc, [a as never], [[Number.NaN]], { before: null, after: null }, null)).toThrow(
      RangeError,
    );
  });
});

describe("newRowIds", () => {
  it("gives distinct well-formed row ids", () => {
    const ids = newRowIds(20_000);
    expect(new Set(ids).size).toBe(20_000);
    expect(ids.every(isRowId)).toBe(true);
  });
});
