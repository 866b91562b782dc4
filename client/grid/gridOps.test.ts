import { describe, expect, it } from "vitest";
import { type Column, isValidCell } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";
import { movedColumn, planPaste } from "./gridOps.ts";

const col = (id: string, type: Column["type"] = "text", choices: string[] = []): Column => ({
  id: id as ColumnId,
  name: id,
  type,
  position: id,
  description: "",
  choices,
});
const row = (id: string, cells: Record<string, string | number | null> = {}) => ({
  id: id as RowId,
  cells: cells as Record<ColumnId, string | number | null>,
});

describe("planPaste", () => {
  const columns = [col("name"), col("count", "number"), col("kind", "choice", ["a", "b"])];

  it("writes over existing rows from the start cell and appends rows past the last one", () => {
    const plan = planPaste(
      [
        ["x", "1"],
        ["y", "2,5"],
        ["z", "3"],
      ],
      [row("r1"), row("r2")],
      columns,
      1,
      0,
    );
    expect(plan.edits).toEqual([
      { rowId: "r2", columnId: "name", value: "x" },
      { rowId: "r2", columnId: "count", value: 1 },
    ]);
    expect(plan.newRows).toEqual([{ cells: { name: "y", count: 2.5 } }, { cells: { name: "z", count: 3 } }]);
    expect(plan.written).toBe(6);
  });

  it("keeps values that do not fit as the text pasted, counts them and reports the first error", () => {
    const plan = planPaste(
      [
        ["abc", " c "],
        ["4", "maybe"],
      ],
      [row("r1", { count: 2 })],
      columns,
      0,
      1,
    );
    expect(plan.edits).toEqual([
      { rowId: "r1", columnId: "count", value: "abc" },
      { rowId: "r1", columnId: "kind", value: " c " },
    ]);
    expect(plan.newRows).toEqual([{ cells: { count: 4, kind: "maybe" } }]);
    expect(plan.written).toBe(4);
    expect(plan.kept).toBe(3);
    expect(plan.firstMismatch).toBe("not-a-number");
    expect(plan.refused).toBe(0);
    expect(plan.firstError).toBeNull();
    // Kept values are the invalid ones the grid marks, as after a retype.
    expect(isValidCell(columns[1] as Column, "abc")).toBe(false);
  });

  it("refuses only values too long for any cell", () => {
    const long = "x".repeat(limits.maxCellChars + 1);
    const plan = planPaste([[long, long]], [row("r1")], columns, 0, 0);
    expect(plan.edits).toEqual([]);
    expect(plan.written).toBe(0);
    expect(plan.kept).toBe(0);
    expect(plan.refused).toBe(2);
    expect(plan.firstError).toBe("too-long");
  });

  it("leaves out columns past the last one", () => {
    const plan = planPaste([["a", "b"]], [row("r1")], columns, 0, 2);
    expect(plan.tooWide).toBe(true);
    expect(plan.edits).toEqual([{ rowId: "r1", columnId: "kind", value: "a" }]);
  });

  it("skips writes of unchanged values", () => {
    const plan = planPaste([["same"]], [row("r1", { name: "same" })], columns, 0, 0);
    expect(plan.edits).toEqual([]);
    expect(plan.written).toBe(1);
  });
});

describe("movedColumn", () => {
  it("finds a column moved right", () => {
    expect(movedColumn(["a", "b", "c", "d"], ["b", "c", "a", "d"])).toEqual({ id: "a", after: "c" });
  });
  it("finds a column moved left, to the first place", () => {
    expect(movedColumn(["a", "b", "c", "d"], ["d", "a", "b", "c"])).toEqual({ id: "d", after: null });
  });
  it("finds a swap of neighbours", () => {
    expect(movedColumn(["a", "b", "c"], ["a", "c", "b"])).toEqual({ id: "c", after: "a" });
  });
  it("finds nothing when nothing moved", () => {
    expect(movedColumn(["a", "b"], ["a", "b"])).toBeNull();
  });
});
