/**
 * Defence in depth: a document holding content outside the schema still opens, every valid row is
 * there, and what was skipped is reported. Each case writes the content straight into the maps, as
 * an update that slipped past the server's rules would, both before a view opens (the constructor)
 * and while one is open (onTransaction).
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { ColumnId, RowId } from "../ids.ts";
import { visibleState } from "../test/replicas.ts";
import {
  addRows,
  DatasetView,
  END,
  initializeDataset,
  insertRows,
  MAX_PROBLEMS,
  type Problem,
  roots,
  setCells,
} from "./index.ts";

const ORIGIN = "test";

type Dataset = { doc: Y.Doc; name: ColumnId; city: ColumnId; rows: RowId[] };
type Case = {
  what: string;
  write: (d: Dataset) => void;
  problem: (d: Dataset) => Omit<Problem, "reason">;
  names?: string[];
};

function dataset(): Dataset {
  const doc = new Y.Doc();
  const [name, city] = initializeDataset(
    doc,
    { meta: { title: "T" }, columns: [{ name: "Name" }, { name: "City" }] },
    ORIGIN,
  ) as [ColumnId, ColumnId];
  const rows = insertRows(doc, [{ cells: { [name]: "A" } }, { cells: { [name]: "B" } }], END, ORIGIN);
  rows.push(...addRows(doc, [{ cells: { [name]: "C" } }], { before: "a2", after: null }, ORIGIN));
  return { doc, name, city, rows };
}

const inBlock = () => ({ where: "blocks", key: "x" }) as const;
/** The Name cell of the dataset's row n. */
const nameOf = (n: number) => (d: Dataset) => ({ where: "cells", key: `${d.rows[n]}:${d.name}` }) as const;
const blocks = (d: Dataset) => d.doc.getMap<unknown>(roots.blocks);
const cells = (d: Dataset) => d.doc.getMap<unknown>(roots.cells);
const block = (value: unknown) => JSON.stringify(value);
const byKey = (a: Problem, b: Problem) =>
  `${a.where}${a.key}${a.reason}`.localeCompare(`${b.where}${b.key}${b.reason}`);

/** Opens views before and after `write`; both read the same rows and report the same problems. */
function opened(write: (d: Dataset) => void) {
  const d = dataset();
  const live = new DatasetView(d.doc);
  d.doc.transact(() => write(d), "hostile");
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(d.doc));
  const fresh = new DatasetView(copy);
  expect(visibleState(live)).toEqual(visibleState(fresh));
  expect([...live.problems()].sort(byKey)).toEqual([...fresh.problems()].sort(byKey));
  return { ...d, doc: copy, view: fresh, names: fresh.rowsInOrder().map((r) => r.cells[d.name]) };
}

const blockCases: Case[] = [
  { what: "a number", write: (d) => blocks(d).set("x", 42), problem: inBlock },
  { what: "null", write: (d) => blocks(d).set("x", null), problem: inBlock },
  { what: "a Y.Text", write: (d) => blocks(d).set("x", new Y.Text("{}")), problem: inBlock },
  { what: "not JSON", write: (d) => blocks(d).set("x", "{not json"), problem: inBlock },
  { what: "JSON null", write: (d) => blocks(d).set("x", "null"), problem: inBlock },
  { what: "a JSON number", write: (d) => blocks(d).set("x", "3"), problem: inBlock },
  { what: "a JSON list", write: (d) => blocks(d).set("x", "[[]]"), problem: inBlock },
  { what: "a JSON string", write: (d) => blocks(d).set("x", '"rows"'), problem: inBlock },
  {
    what: "a block without columns",
    write: (d) => blocks(d).set("x", block({ rows: [["r1", "a5"]] })),
    problem: inBlock,
  },
  {
    what: "a block whose columns are not a list",
    write: (d) => blocks(d).set("x", block({ columns: { a: 1 }, rows: [] })),
    problem: inBlock,
  },
  {
    what: "a block without rows",
    write: (d) => blocks(d).set("x", block({ columns: [d.name] })),
    problem: inBlock,
  },
  {
    what: "a block whose rows are not a list",
    write: (d) => blocks(d).set("x", block({ columns: [d.name], rows: "r1" })),
    problem: inBlock,
  },
  {
    what: "rows that are not lists, kept with the block's valid rows",
    write: (d) => blocks(d).set("x", block({ columns: [d.name], rows: [5, null, { id: "r" }, ["r1", "a5", "D"]] })),
    problem: inBlock,
    names: ["A", "B", "C", "D"],
  },
  {
    what: "row ids and positions that are not text",
    write: (d) =>
      blocks(d).set(
        "x",
        block({
          columns: [d.name],
          rows: [
            [1, "a5", "no"],
            ["r2", 3, "no"],
            ["r3", null, "no"],
            ["r4", "a5", "D"],
          ],
        }),
      ),
    problem: inBlock,
    names: ["A", "B", "C", "D"],
  },
  {
    what: "values that are not cell values, the row kept without them",
    write: (d) =>
      blocks(d).set(
        "x",
        block({
          columns: [d.name, d.city],
          rows: [
            ["r1", "a5", "D", { a: 1 }],
            ["r2", "a6", ["E"], "Dijon"],
          ],
        }),
      ),
    problem: inBlock,
    names: ["A", "B", "C", "D", undefined] as string[],
  },
  {
    what: "column ids that are not text or are reserved",
    write: (d) =>
      blocks(d).set("x", block({ columns: [7, "_del", "_pos", d.name], rows: [["r1", "a5", 1, true, "z", "D"]] })),
    problem: inBlock,
    names: ["A", "B", "C", "D"],
  },
  {
    what: "a row repeated within one block (the first is kept)",
    write: (d) =>
      blocks(d).set(
        "x",
        block({
          columns: [d.name],
          rows: [
            ["r1", "a5", "D"],
            ["r1", "a6", "E"],
          ],
        }),
      ),
    problem: inBlock,
    names: ["A", "B", "C", "D"],
  },
];

const cellCases: Case[] = [
  { what: "a Y.Text", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, new Y.Text("t")), problem: nameOf(0) },
  { what: "a Y.Map", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, new Y.Map()), problem: nameOf(0) },
  { what: "an object", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, { a: 1 }), problem: nameOf(0) },
  { what: "a list", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, ["x"]), problem: nameOf(0) },
  { what: "undefined", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, undefined), problem: nameOf(0) },
  { what: "binary", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, new Uint8Array([1])), problem: nameOf(0) },
  { what: "NaN", write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, Number.NaN), problem: nameOf(0) },
  {
    what: "Infinity",
    write: (d) => cells(d).set(`${d.rows[0]}:${d.name}`, Number.POSITIVE_INFINITY),
    problem: nameOf(0),
  },
  {
    what: "a value in a row made of cells",
    write: (d) => cells(d).set(`${d.rows[2]}:${d.name}`, new Y.Text("t")),
    problem: nameOf(2),
    names: ["A", "B", undefined] as string[],
  },
  {
    what: "a key without a row id",
    write: (d) => cells(d).set(`:${d.name}`, "x"),
    problem: (d) => ({ where: "cells", key: `:${d.name}` }),
  },
  {
    what: "a key without a colon",
    write: (d) => cells(d).set("nothing", "x"),
    problem: () => ({ where: "cells", key: "nothing" }),
  },
  {
    what: "a position that is not text (the block's position stays)",
    write: (d) => cells(d).set(`${d.rows[0]}:_pos`, 5),
    problem: (d) => ({ where: "cells", key: `${d.rows[0]}:_pos` }),
  },
  {
    what: "a position that is not text in a row made of cells (no longer a row)",
    write: (d) => cells(d).set(`${d.rows[2]}:_pos`, { p: "a3" }),
    problem: (d) => ({ where: "cells", key: `${d.rows[2]}:_pos` }),
    names: ["A", "B"],
  },
  {
    what: "a deletion mark that is not true or false (the row stays)",
    write: (d) => cells(d).set(`${d.rows[0]}:_del`, "yes"),
    problem: (d) => ({ where: "cells", key: `${d.rows[0]}:_del` }),
  },
];

function expectProblem(view: DatasetView, expected: Omit<Problem, "reason">) {
  const problems = view.problems();
  const match = problems.find((p) => p.where === expected.where && p.key === expected.key);
  expect(match, JSON.stringify(problems)).toBeDefined();
  expect(match?.reason).toMatch(/\w/);
}

describe("a view of a document holding content outside the schema", () => {
  const cases = [
    ...blockCases.map((c) => ({ ...c, what: `block: ${c.what}` })),
    ...cellCases.map((c) => ({ ...c, what: `cell: ${c.what}` })),
  ];
  for (const c of cases) {
    it(`opens, keeps every valid row and reports ${c.what}`, () => {
      const result = opened(c.write);
      expect(result.names).toEqual(c.names ?? ["A", "B", "C"]);
      expectProblem(result.view, c.problem(result));
    });
  }

  it("reads a valid value again once a bad cell is overwritten, and stops reporting it", () => {
    const d = dataset();
    const view = new DatasetView(d.doc);
    const at = `${d.rows[0]}:${d.name}`;
    cells(d).set(at, new Y.Text("t"));
    expect(view.row(d.rows[0] as RowId)?.cells[d.name]).toBe("A");
    expect(view.problems()).toEqual([{ where: "cells", key: at, reason: expect.any(String) }]);
    setCells(d.doc, [{ rowId: d.rows[0] as RowId, columnId: d.name, value: "fixed" }], ORIGIN);
    expect(view.row(d.rows[0] as RowId)?.cells[d.name]).toBe("fixed");
    expect(view.problems()).toEqual([]);
    cells(d).set("nothing", 1);
    cells(d).delete("nothing");
    expect(view.problems()).toEqual([]);
  });

  it("gives a row id found in two blocks to the block with the smaller id, in any order, and reports it", () => {
    const twice = (first: string, second: string) => {
      const d = dataset();
      const view = new DatasetView(d.doc);
      // b1 puts the row at a5, b2 at a6.
      for (const id of [first, second]) {
        blocks(d).set(id, block({ columns: [d.name], rows: [["dup", id === "b1" ? "a5" : "a6", id]] }));
      }
      const fresh = new DatasetView(d.doc);
      expect(visibleState(view)).toEqual(visibleState(fresh));
      return { d, view, fresh };
    };
    for (const { view, fresh } of [twice("b1", "b2"), twice("b2", "b1")]) {
      for (const v of [view, fresh]) {
        expect(v.row("dup" as RowId)?.position).toBe("a5");
        expect(v.rowCount).toBe(4);
        expect(v.problems()).toEqual([{ where: "blocks", key: "b2", reason: "row dup is also in block b1" }]);
      }
    }
    // When the server's maintenance removes the holding block, the other one's row takes over.
    const { d, view } = twice("b2", "b1");
    blocks(d).delete("b1");
    expect(view.row("dup" as RowId)?.position).toBe("a6");
    expect(view.problems()).toEqual([]);
    expect(visibleState(view)).toEqual(visibleState(new DatasetView(d.doc)));
    blocks(d).delete("b2");
    expect(view.row("dup" as RowId)).toBeUndefined();
  });

  it("stops reporting a block once it is gone", () => {
    const d = dataset();
    const view = new DatasetView(d.doc);
    blocks(d).set("x", "null");
    expect(view.problems()).toHaveLength(1);
    blocks(d).delete("x");
    expect(view.problems()).toEqual([]);
    expect(view.rowCount).toBe(3);
  });

  it("skips columns that are not maps or are incomplete, and reports odd fields", () => {
    const { view } = opened((d) => {
      const columns = d.doc.getMap<unknown>(roots.columns);
      columns.set("notmap", "a column");
      columns.set("nul", null);
      columns.set("text", new Y.Text("x"));
      const incomplete = new Y.Map<unknown>();
      columns.set("partly", incomplete);
      incomplete.set("name", "Partly");
      const odd = new Y.Map<unknown>();
      columns.set("oddcol", odd);
      odd.set("name", "Odd");
      odd.set("position", "a9");
      odd.set("type", "spreadsheet");
      odd.set("description", 5);
      odd.set("choices", [1, "a"]);
      const reserved = new Y.Map<unknown>();
      columns.set("_pos", reserved);
      reserved.set("name", "Reserved");
      reserved.set("position", "a8");
    });
    expect(view.columns().map((c) => [c.name, c.type, c.description, c.choices])).toEqual([
      ["Name", "text", "", []],
      ["City", "text", "", []],
      ["Odd", "text", "", ["a"]],
    ]);
    const keys = view.problems().map((p) => [p.where, p.key]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ["columns", "notmap"],
        ["columns", "nul"],
        ["columns", "text"],
        ["columns", "partly"],
        ["columns", "oddcol"],
        ["columns", "_pos"],
      ]),
    );
    expect(keys.filter(([, k]) => k === "oddcol")).toHaveLength(3);
    expect(view.rowCount).toBe(3);
  });

  it("reads metadata that is not text as empty, and reports it with unknown keys", () => {
    const { view } = opened((d) => {
      const meta = d.doc.getMap<unknown>(roots.meta);
      meta.set("title", 5);
      meta.set("licence", new Y.Text("x"));
      meta.set("schemaVersion", "1");
      meta.set("owner", "someone");
    });
    expect(view.meta()).toEqual({
      title: "",
      description: "",
      source: "",
      licence: "",
      licenceUrl: "",
      keywords: "",
      frequency: "",
      spatial: "",
      spatialUri: "",
    });
    expect(view.problems().map((p) => p.key)).toEqual(
      expect.arrayContaining(["title", "licence", "schemaVersion", "owner"]),
    );
    expect(view.rowCount).toBe(3);
  });

  it("lists a bounded number of problems", () => {
    const { view } = opened((d) => {
      for (let i = 0; i < 3 * MAX_PROBLEMS; i++) cells(d).set(`r${i}:${d.name}`, { i });
    });
    expect(view.problems()).toHaveLength(MAX_PROBLEMS);
    expect(view.problems(5)).toHaveLength(5);
  });

  it("still adds rows after a row whose position is not a fractional index", () => {
    const { doc, view, name } = opened((d) =>
      blocks(d).set("x", block({ columns: [d.name], rows: [["odd", "~not a position", "D"]] })),
    );
    const [id] = addRows(doc, [{ cells: { [name]: "E" } }], view.gapAtEnd(), ORIGIN) as [RowId];
    expect(view.row(id)?.cells[name]).toBe("E");
    expect(view.rowCount).toBe(5);
    insertRows(doc, [{ cells: { [name]: "F" } }], view.gapAfter("odd" as RowId), ORIGIN);
    expect(view.rowCount).toBe(6);
  });
});
