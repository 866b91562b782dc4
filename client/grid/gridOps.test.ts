import { describe, expect, it } from "vitest";
import type { Column } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
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

  it("refuses values that do not fit and reports the first error", () => {
    const plan = planPaste([["abc", "c"]], [row("r1")], columns, 0, 1);
    expect(plan.edits).toEqual([]);
    expect(plan.refused).toBe(2);
    expect(plan.firstError).toBe("not-a-number");
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
