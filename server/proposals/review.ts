/**
 * The review of a proposal: each pending change as base / proposed / live now, with its conflict
 * and anything that stops it from being accepted as it is (docs/PROPOSALS.md P3–P7). Reads the
 * live document through a DatasetView; the proposal through its typed reader.
 */
import type { ReviewedChange, RowPlacement } from "../../shared/api/proposals.ts";
import { type CellValue, type Column, type DatasetView, parseCell } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { cellChangeId, deletionChangeId, newRowChangeId, type ProposalContent } from "../../shared/proposal/index.ts";
import { placeNewRows } from "./placement.ts";

const rowLabel = (value: CellValue | undefined) => (value === null || value === undefined ? null : String(value));
const same = (a: CellValue | undefined, b: CellValue | undefined) => (a ?? null) === (b ?? null);

/** The value a column takes from `value` now (P7), or why it cannot. */
export function fitValue(
  column: Column,
  value: CellValue,
): { ok: true; value: CellValue } | { ok: false; detail: string } {
  const parsed = parseCell(column, value);
  return parsed.ok ? parsed : { ok: false, detail: `${parsed.error} for a ${column.type} column` };
}

export function reviewChanges(content: ProposalContent, view: DatasetView): ReviewedChange[] {
  const columns = new Map<string, Column>(view.columns().map((c) => [c.id, c]));
  const changes: ReviewedChange[] = [];
  const labelColumn = view.columns()[0]?.id;

  for (const change of content.cells) {
    const row = view.row(change.rowId);
    const column = columns.get(change.columnId) ?? null;
    const live = row ? (row.cells[change.columnId as ColumnId] ?? null) : null;
    let problem: ReviewedChange["problem"] = null;
    let detail: string | null = null;
    if (!row) [problem, detail] = ["row-deleted", "the row was deleted (or never existed) in the live data"];
    else if (!column) [problem, detail] = ["column-deleted", "the column was deleted from the live data"];
    else {
      const fit = fitValue(column, change.value);
      if (!fit.ok) [problem, detail] = ["invalid-value", fit.detail];
    }
    const alreadyLive = row !== undefined && same(live, change.value);
    changes.push({
      id: cellChangeId(change.rowId, change.columnId),
      kind: "cell",
      rowId: change.rowId,
      columnId: change.columnId,
      column: column?.name ?? null,
      rowLabel: rowLabel(row?.cells[labelColumn as ColumnId]),
      base: change.base,
      proposed: change.value,
      live,
      conflict: row !== undefined && !alreadyLive && !same(live, change.base),
      alreadyLive,
      problem,
      detail,
    });
  }

  const placements = content.newRows.length > 0 ? placeNewRows(view, content.newRows) : new Map();
  const rowNumbers = content.newRows.length > 0 ? new Map(view.rowsInOrder().map((r, i) => [r.id, i + 1])) : new Map();
  const placementOf = (rowId: RowId): RowPlacement => {
    const placement = placements.get(rowId);
    const after = placement ? placement.after : "end";
    if (after === "end") return { at: "end" };
    if (after === null) return { at: "start" };
    const label = rowLabel(view.row(after)?.cells[labelColumn as ColumnId]);
    return { at: "after", rowId: after, rowNumber: rowNumbers.get(after) ?? 0, rowLabel: label };
  };

  for (const row of content.newRows) {
    const cells = Object.entries(row.cells).map(([columnId, proposed]) => {
      const column = columns.get(columnId) ?? null;
      const fit = column ? fitValue(column, proposed) : null;
      const problem: ReviewedChange["problem"] = !column ? "column-deleted" : fit?.ok ? null : "invalid-value";
      return { columnId, column: column?.name ?? null, proposed, problem };
    });
    const exists = view.row(row.rowId) !== undefined;
    const invalid = cells.find((c) => c.problem === "invalid-value");
    changes.push({
      id: newRowChangeId(row.rowId),
      kind: "row",
      rowId: row.rowId,
      cells,
      placement: placementOf(row.rowId),
      conflict: false,
      alreadyLive: false,
      problem: exists ? "row-exists" : invalid ? "invalid-value" : null,
      detail: exists
        ? "a row with this id is already live"
        : invalid
          ? `the value for ${invalid.column} does not fit its column`
          : null,
    });
  }

  for (const deletion of content.deletions) {
    const row = view.row(deletion.rowId as RowId);
    const live = row ? { ...row.cells } : null;
    const changed = live !== null && Object.entries(deletion.base).some(([c, v]) => !same(live[c as ColumnId], v));
    changes.push({
      id: deletionChangeId(deletion.rowId),
      kind: "delete",
      rowId: deletion.rowId,
      base: deletion.base,
      live,
      conflict: changed,
      alreadyLive: live === null,
      problem: null,
      detail: live === null ? "the row is already deleted in the live data" : null,
    });
  }
  return changes;
}
