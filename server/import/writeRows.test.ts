import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type CellValue, DatasetView, initializeDataset } from "../../shared/dataset/index.ts";
import { blocksMap } from "../../shared/dataset/maps.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";
import { appendRows } from "./writeRows.ts";

function dataset() {
  const doc = new Y.Doc();
  const columns = initializeDataset(
    doc,
    { meta: { title: "t" }, columns: [{ name: "text" }, { name: "n", type: "number" }] },
    null,
  ) as ColumnId[];
  return { doc, columns };
}

const rowsOf = (doc: Y.Doc, columns: ColumnId[]) => {
  const view = new DatasetView(doc);
  const rows = view.rowsInOrder().map((r) => ({ id: r.id, values: columns.map((c) => r.cells[c] ?? null) }));
  view.destroy();
  return rows;
};

describe("appendRows", () => {
  it("rows of long cells go in smaller blocks, within the block limit, all in order", () => {
    const { doc, columns } = dataset();
    const long = "x".repeat(limits.maxCellChars - 10);
    const values: CellValue[][] = Array.from({ length: 300 }, (_, i) => [`${i}${long}`, i]);
    const ids = appendRows(doc, columns, values, null, null);

    const blocks = [...(blocksMap(doc).values() as IterableIterator<string>)];
    expect(blocks.length).toBeGreaterThan(1);
    for (const text of blocks) expect(text.length).toBeLessThanOrEqual(limits.maxBlockChars);
    const rows = rowsOf(doc, columns);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.values)).toEqual(values);
  });

  it("rows from a source written after those already there", () => {
    const { doc, columns } = dataset();
    const first = appendRows(doc, columns, [["a", 1]], null, null);
    const view = new DatasetView(doc);
    const after = view.gapAtEnd().before;
    view.destroy();
    const source = {
      count: 2500,
      into: (i: number, out: CellValue[], offset: number) => {
        out[offset] = `r${i}`;
        out[offset + 1] = i % 2 === 0 ? i : null;
      },
    };
    const progress: number[] = [];
    const second = appendRows(doc, columns, source, after, null, (written) => progress.push(written));

    expect(progress).toEqual([1000, 2000, 2500]);
    const rows = rowsOf(doc, columns);
    expect(rows.map((r) => r.id)).toEqual([...first, ...second]);
    expect(rows[0]?.values).toEqual(["a", 1]);
    expect(rows[2500]?.values).toEqual(["r2499", null]);
    expect(rows[2499]?.values).toEqual(["r2498", 2498]);
  });
});
